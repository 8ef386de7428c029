package chorus.core.hints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PendingHintBudgetTest {
    @Test
    void hintsFitUntilTheirBytesWouldExceedTheBudget() {
        PendingHintBudget budget = new PendingHintBudget(1_000);

        for (int i = 0; i < 10; i++) {
            assertThat(budget.tryReserve(100)).as("hint %d", i).isTrue();
        }
        assertThat(budget.tryReserve(1)).as("the budget is full").isFalse();
        assertThat(budget.bytes()).isEqualTo(1_000);
        assertThat(budget.stores()).isEqualTo(10);

        budget.release(100);
        assertThat(budget.tryReserve(101)).as("only 100 bytes are free").isFalse();
        assertThat(budget.tryReserve(100)).isTrue();
        assertThat(budget.bytes()).isEqualTo(1_000);
    }

    @Test
    void manySmallHintsFitWhereACountOf128WouldNot() {
        PendingHintBudget budget = new PendingHintBudget(16L << 20);
        int fitted = 0;
        while (budget.tryReserve(100)) {
            fitted++;
        }
        assertThat(fitted).isEqualTo((16 << 20) / 100);
    }

    @Test
    void aHintBiggerThanTheWholeBudgetIsTakenWhenNothingElseIsPending() {
        PendingHintBudget budget = new PendingHintBudget(1_000);

        assertThat(budget.tryReserve(5_000)).isTrue();
        assertThat(budget.tryReserve(1)).as("nothing fits beside it").isFalse();
        budget.release(5_000);
        assertThat(budget.bytes()).isZero();
        assertThat(budget.stores()).isZero();
        assertThat(budget.tryReserve(1)).isTrue();
    }

    @Test
    void aBurstOfDropsEndsOnceHalfTheBudgetIsFreeAgainAndIsReportedOnce() {
        PendingHintBudget budget = new PendingHintBudget(1_000);
        for (int i = 0; i < 10; i++) {
            budget.tryReserve(100);
        }
        assertThat(budget.droppedInBurst()).isZero();

        assertThat(budget.tryReserve(100)).isFalse();
        assertThat(budget.droppedInBurst()).as("the first drop starts a burst").isEqualTo(1);
        budget.tryReserve(100);
        budget.tryReserve(100);
        assertThat(budget.droppedInBurst()).isEqualTo(3);

        for (int i = 0; i < 4; i++) {
            assertThat(budget.release(100)).as("600 bytes and more still pending: the burst goes on").isZero();
        }
        assertThat(budget.tryReserve(100)).as("room again, within the burst").isTrue();
        assertThat(budget.release(100)).isZero();
        assertThat(budget.release(100)).as("down to 500 bytes: the burst ends, with its count").isEqualTo(3);
        assertThat(budget.droppedInBurst()).isZero();
        assertThat(budget.release(100)).as("reported once").isZero();

        for (int i = 0; i < 6; i++) {
            budget.tryReserve(100);
        }
        assertThat(budget.tryReserve(100)).isFalse();
        assertThat(budget.droppedInBurst()).as("a new burst counts from one").isEqualTo(1);
    }

    @Test
    void aBudgetBelowOneByteIsRefused() {
        assertThatThrownBy(() -> new PendingHintBudget(0))
                .hasMessage("pending hint bytes 0 is invalid (expected: >= 1)");
    }
}
