package chorus.sim.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.sim.linearizability.LinearizabilityResult.Linearizable;
import chorus.sim.linearizability.LinearizabilityResult.NotLinearizable;
import chorus.sim.linearizability.LinearizabilityResult.Unknown;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker on hand-written histories: it must accept what some order explains, and only that. */
class LinearizabilityCheckerTest {
    private final List<RegisterOperation> history = new ArrayList<>();
    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    private RegisterOperation add(RegisterOperation operation) {
        history.add(operation);
        return operation;
    }

    private RegisterOperation write(int client, String value, long invoke, long complete) {
        return add(RegisterOperation.write(history.size(), client, invoke, complete, value));
    }

    private RegisterOperation read(int client, String value, long invoke, long complete) {
        return add(RegisterOperation.read(history.size(), client, invoke, complete, value));
    }

    private RegisterOperation cas(int client, String expected, String value, boolean applied, long invoke,
                                  long complete) {
        return add(RegisterOperation.cas(history.size(), client, invoke, complete, expected, value, applied));
    }

    /** Replaces the last operation added with its indeterminate (timed-out) version. */
    private void timedOut() {
        history.set(history.size() - 1, history.get(history.size() - 1).indeterminate());
    }

    private void rejectedBeforeSending() {
        history.set(history.size() - 1, history.get(history.size() - 1).failed());
    }

    private LinearizabilityResult check() {
        return checker.check(history);
    }

    @Test
    void anEmptyHistoryIsLinearizable() {
        assertThat(check()).isEqualTo(new Linearizable(List.of()));
    }

    @Test
    void aSequentialHistoryIsLinearizableInItsOwnOrder() {
        RegisterOperation absent = read(1, null, 0, 10);
        RegisterOperation setNx = cas(1, null, "a", true, 20, 30);
        RegisterOperation readA = read(2, "a", 40, 50);
        RegisterOperation casFails = cas(2, "x", "y", false, 60, 70);
        RegisterOperation casAB = cas(3, "a", "b", true, 80, 90);
        RegisterOperation delete = write(1, null, 100, 110);
        RegisterOperation absentAgain = read(3, null, 120, 130);

        assertThat(check()).isEqualTo(
                new Linearizable(List.of(absent, setNx, readA, casFails, casAB, delete, absentAgain)));
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeTheOldValue() {
        write(1, "a", 0, 10);
        write(2, "b", 20, 60);
        read(3, "a", 30, 40);
        read(3, "b", 70, 80);
        assertThat(check()).isInstanceOf(Linearizable.class);
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeTheNewValueBeforeTheWriteCompletes() {
        write(1, "a", 0, 10);
        RegisterOperation writeB = write(2, "b", 20, 60);
        RegisterOperation readB = read(3, "b", 30, 40);
        read(4, "b", 45, 50);

        LinearizabilityResult result = check();

        assertThat(result).isInstanceOf(Linearizable.class);
        List<RegisterOperation> order = ((Linearizable) result).order();
        assertThat(order.indexOf(writeB)).isLessThan(order.indexOf(readB));
    }

    @Test
    void operationsWhoseIntervalsTouchAreConcurrent() {
        write(1, "a", 0, 10);
        read(2, null, 10, 20);
        assertThat(check()).isInstanceOf(Linearizable.class);
    }

    @Test
    void aStaleReadAfterACompletedWriteIsRejected() {
        write(1, "a", 0, 10);
        write(1, "b", 20, 30);
        RegisterOperation stale = read(2, "a", 40, 50);

        LinearizabilityResult result = check();

        assertThat(result).isInstanceOf(NotLinearizable.class);
        assertThat(((NotLinearizable) result).couldNotGoNext()).extracting(NotLinearizable.Blocked::operation)
                .containsExactly(stale);
    }

    @Test
    void theSearchAloneRejectsAStaleReadToo() {
        write(1, "a", 0, 10);
        write(1, "b", 20, 30);
        RegisterOperation stale = read(2, "a", 40, 50);

        LinearizabilityResult result = checker.check(history, null, false);

        assertThat(result).isInstanceOf(NotLinearizable.class);
        NotLinearizable verdict = (NotLinearizable) result;
        assertThat(verdict.longestPrefix()).containsExactly(history.get(0));
        assertThat(verdict.valueAfterPrefix()).isEqualTo("a");
        assertThat(verdict.couldNotGoNext()).extracting(NotLinearizable.Blocked::operation)
                .containsExactly(history.get(1));
        assertThat(verdict.couldNotGoNext().get(0).reason()).contains("which " + stale + " still needs");
    }

    @Test
    void aLostAcknowledgedWriteIsRejected() {
        write(1, "a", 0, 10);
        write(2, "b", 20, 30);
        read(3, "b", 40, 50);
        write(4, "c", 45, 100); // concurrent, but it writes c, not a
        read(3, "a", 60, 70);
        assertThat(check()).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void anOlderValueMayReappearIfItsWriteWasConcurrent() {
        write(1, "a", 0, 10);
        write(2, "b", 20, 30);
        write(4, "a", 25, 100);
        read(3, "a", 60, 70);
        assertThat(check()).isInstanceOf(Linearizable.class);
    }

    @Test
    void twoSequentialCasFromTheSameValueCannotBothApply() {
        write(1, "x", 0, 10);
        cas(2, "x", "y", true, 20, 30);
        cas(3, "x", "z", true, 40, 50);
        assertThat(check()).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void twoConcurrentCasFromTheSameValueCannotBothApply() {
        write(1, "x", 0, 10);
        cas(2, "x", "y", true, 20, 50);
        cas(3, "x", "z", true, 30, 60);
        assertThat(check()).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void twoConcurrentSetNxCannotBothApply() {
        cas(2, null, "y", true, 20, 50);
        cas(3, null, "z", true, 30, 60);
        assertThat(check()).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void ofTwoConcurrentCasFromTheSameValueOneMayWin() {
        write(1, "x", 0, 10);
        cas(2, "x", "y", false, 20, 50);
        cas(3, "x", "z", true, 30, 60);
        read(1, "z", 70, 80);
        assertThat(check()).isInstanceOf(Linearizable.class);
    }

    @Test
    void twoCasFromTheSameValueMayBothApplyIfTheValueWasWrittenAgainInBetween() {
        write(1, "x", 0, 10);
        cas(2, "x", "y", true, 20, 30);
        write(1, "x", 40, 50);
        cas(3, "x", "z", true, 60, 70);
        assertThat(check()).isInstanceOf(Linearizable.class);
    }

    @Test
    void aReadOfAValueNeverWrittenIsRejected() {
        write(1, "a", 0, 10);
        read(2, "ghost", 5, 20);
        assertThat(check()).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void aCasThatFailedAlthoughTheRegisterHeldItsExpectedValueIsRejected() {
        write(1, "x", 0, 10);
        cas(2, "x", "y", false, 20, 30);
        LinearizabilityResult result = check();
        assertThat(result).isInstanceOf(NotLinearizable.class);
        assertThat(result.toString()).contains("it did not apply but the register holds \"x\", which it expected");
    }

    @Test
    void aCasMayFailIfAConcurrentWriteChangedTheValue() {
        write(1, "x", 0, 10);
        cas(2, "x", "y", false, 20, 30);
        write(3, "w", 15, 25);
        assertThat(check()).isInstanceOf(Linearizable.class);
    }

    @Test
    void aTimedOutWriteMayTakeEffectLongAfterItsInvocation() {
        write(1, "a", 0, 10);
        write(2, "b", 20, 30);
        timedOut();
        read(3, "a", 100, 110);
        read(3, "b", 200, 210);
        assertThat(check()).isInstanceOf(Linearizable.class);
    }

    @Test
    void aTimedOutWriteMayNeverTakeEffect() {
        write(1, "a", 0, 10);
        write(2, "b", 20, 30);
        timedOut();
        read(3, "a", 100, 110);
        read(3, "a", 200, 210);
        assertThat(check()).isEqualTo(new Linearizable(List.of(history.get(0), history.get(2), history.get(3))));
    }

    @Test
    void aTimedOutWriteTakesEffectAtMostOnce() {
        write(1, "a", 0, 10);
        write(2, "b", 20, 30);
        timedOut();
        read(3, "b", 100, 110);
        read(3, "a", 200, 210);
        read(3, "b", 300, 310);
        assertThat(check()).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void aTimedOutWriteCannotTakeEffectBeforeItsInvocation() {
        read(3, "b", 0, 10);
        write(2, "b", 20, 30);
        timedOut();
        assertThat(check()).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void aTimedOutCasAppliesOnlyIfTheRegisterHeldItsExpectedValue() {
        write(1, "a", 0, 10);
        cas(2, "x", "b", false, 20, 30);
        timedOut();
        read(3, "b", 100, 110);
        assertThat(check()).isInstanceOf(NotLinearizable.class);

        history.add(1, RegisterOperation.write(99, 4, 40, 50, "x").indeterminate());
        assertThat(check()).isInstanceOf(Linearizable.class);
    }

    @Test
    void aFailedWriteIsNeverObserved() {
        write(1, "a", 0, 10);
        write(2, "b", 20, 30);
        rejectedBeforeSending();
        read(3, "b", 100, 110);
        assertThat(check()).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void theRegisterMayStartWithAValue() {
        read(1, "initial", 0, 10);
        cas(1, "initial", "a", true, 20, 30);
        assertThat(checker.check(history, "initial")).isInstanceOf(Linearizable.class);
        assertThat(checker.check(history)).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void aStaleReadIsExplainedByTheWriteThatOverwroteItsValue() {
        write(1, "a", 1_000_000, 2_000_000);
        write(2, "b", 3_000_000, 4_000_000);
        read(3, "a", 5_000_000, 6_000_000);

        assertThat(check().toString()).isEqualTo("""
                not linearizable; no order can place these operations:
                  op2 client3 READ -> "a" [0.005000s..0.006000s]: it read "a", but every write of it was \
                overwritten before this began: op0 client1 WRITE "a" [0.001000s..0.002000s] by \
                op1 client2 WRITE "b" [0.003000s..0.004000s]""");
    }

    @Test
    void aDoubleCasIsExplainedByTheValueItConsumedTwice() {
        write(1, "x", 0, 10);
        cas(2, "x", "y", true, 20, 50);
        cas(3, "x", "z", true, 30, 60);

        assertThat(check().toString()).isEqualTo("""
                not linearizable; no order can place these operations:
                  op1 client2 CAS "x"->"y" applied [0.000000s..0.000000s]: 2 CAS applied expecting this value, \
                but the register held it only 1 time(s): it started with it 0 times and 1 operation(s) wrote it
                  op2 client3 CAS "x"->"z" applied [0.000000s..0.000000s]: 2 CAS applied expecting this value, \
                but the register held it only 1 time(s): it started with it 0 times and 1 operation(s) wrote it""");
    }

    @Test
    void aSearchDeadEndIsExplainedByTheLongestPrefixAndWhatCouldNotFollowIt() {
        write(1, "a", 1_000_000, 2_000_000);
        write(2, "b", 3_000_000, 4_000_000);
        read(3, "a", 5_000_000, 6_000_000);
        read(4, "b", 5_500_000, 6_500_000);

        String explanation = checker.check(history, null, false).toString();

        assertThat(explanation).isEqualTo("""
                not linearizable; the longest linearizable prefix has 1 operations:
                  op0 client1 WRITE "a" [0.001000s..0.002000s]
                after which the register holds "a" and none of these can go next:
                  op1 client2 WRITE "b" [0.003000s..0.004000s]: it overwrites "a", which \
                op2 client3 READ -> "a" [0.005000s..0.006000s] still needs and no remaining operation writes""");
    }

    @Test
    void aSearchDeadEndSaysWhatAReadSawAndWhatTheRegisterHeld() {
        write(1, "a", 1_000_000, 2_000_000);
        read(2, "b", 3_000_000, 4_000_000);
        write(1, "b", 5_000_000, 6_000_000);

        String explanation = checker.check(history, null, false).toString();

        assertThat(explanation).isEqualTo("""
                not linearizable; the longest linearizable prefix has 1 operations:
                  op0 client1 WRITE "a" [0.001000s..0.002000s]
                after which the register holds "a" and none of these can go next:
                  op1 client2 READ -> "b" [0.003000s..0.004000s]: it read "b" but the register holds "a\"""");
        assertThat(check().toString()).isEqualTo("""
                not linearizable; no order can place these operations:
                  op1 client2 READ -> "b" [0.003000s..0.004000s]: it read "b", which the register never held \
                and no operation that could have taken effect before it wrote""");
    }

    @Test
    void theSearchGivesUpWhenItsBudgetRunsOut() {
        Random random = new Random(7);
        List<RegisterOperation> large = RegisterHistories.atomic(random,
                new RegisterHistories.Shape(10, 500, 0.0, 0.0));
        LinearizabilityResult result = new LinearizabilityChecker(100).check(large);
        assertThat(result).isInstanceOf(Unknown.class);
        assertThat(result.toString()).isEqualTo("unknown: no verdict within the budget of 100 search steps");
    }

    @Test
    void anIndeterminateOperationNeverCompletes() {
        RegisterOperation timedOut = RegisterOperation.write(1, 1, 10, 20, "a").indeterminate();
        assertThat(timedOut.completeNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(timedOut.toString()).isEqualTo("op1 client1 WRITE \"a\" [0.000000s..never answered] INDETERMINATE");
    }

    @Test
    void malformedOperationsAreRefused() {
        assertThatThrownBy(() -> RegisterOperation.read(1, 1, 20, 10, "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("completes at 10 before its invocation at 20");
        assertThatThrownBy(() -> new RegisterOperation(1, 1, RegisterOperation.Kind.WRITE, "a", "x", 0, 1,
                RegisterOperation.Outcome.OK, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("only a CAS has an expected value (got x)");
        assertThatThrownBy(() -> new LinearizabilityChecker(0)).hasMessage("stepBudget=0 is invalid (expected: > 0)");
    }
}
