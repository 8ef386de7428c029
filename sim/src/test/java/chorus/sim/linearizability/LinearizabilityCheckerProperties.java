package chorus.sim.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.sim.linearizability.LinearizabilityResult.Linearizable;
import chorus.sim.linearizability.LinearizabilityResult.NotLinearizable;
import chorus.sim.linearizability.RegisterOperation.Kind;
import chorus.sim.linearizability.RegisterOperation.Outcome;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The checker against a real atomic register and against the definition. What an atomic register
 * produces under random concurrency, timeouts and rejections is always accepted, with a valid witness;
 * the same history with one read made stale is always rejected, by the cheap proofs and by the search
 * alone; and on tiny corrupted histories the checker agrees with brute force. jqwik reports the seed and
 * shape of a failing try; make it an {@code @Example} regression test.
 */
class LinearizabilityCheckerProperties {
    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    @Property(tries = 300, afterFailure = AfterFailureMode.SAMPLE_ONLY)
    void historiesOfAnAtomicRegisterAreLinearizable(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int clients,
                                                     @ForAll @IntRange(min = 0, max = 300) int operations,
                                                     @ForAll @DoubleRange(min = 0, max = 0.2) double timeoutRate,
                                                     @ForAll @DoubleRange(min = 0, max = 0.1) double failureRate) {
        List<RegisterOperation> history = RegisterHistories.atomic(new Random(seed),
                new RegisterHistories.Shape(clients, operations, timeoutRate, failureRate));

        LinearizabilityResult result = checker.check(history);

        assertThat(result).isInstanceOf(Linearizable.class);
        assertIsWitness(((Linearizable) result).order(), history, null);
    }

    @Property(tries = 300, afterFailure = AfterFailureMode.SAMPLE_ONLY)
    void aStaleReadMakesAnyHistoryNonLinearizable(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int clients,
                                                  @ForAll @IntRange(min = 10, max = 300) int operations,
                                                  @ForAll @DoubleRange(min = 0, max = 0.2) double timeoutRate,
                                                  @ForAll @DoubleRange(min = 0, max = 0.1) double failureRate) {
        List<RegisterOperation> history = RegisterHistories.atomic(new Random(seed),
                new RegisterHistories.Shape(clients, operations, timeoutRate, failureRate));
        List<RegisterOperation> mutated = RegisterHistories.withStaleRead(history, new Random(seed + 1));
        if (mutated.isEmpty()) {
            return; // no completed value was ever overwritten, so no read can be made stale
        }

        assertThat(checker.check(mutated)).isInstanceOf(NotLinearizable.class);
        LinearizabilityResult searched = checker.check(mutated, null, false);
        assertThat(searched).as("%s", searched).isInstanceOf(NotLinearizable.class);
    }

    @Property(tries = 3000, afterFailure = AfterFailureMode.SAMPLE_ONLY)
    void agreesWithBruteForceOnTinyHistories(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int clients,
                                             @ForAll @IntRange(min = 0, max = 9) int operations,
                                             @ForAll @IntRange(min = 0, max = 2) int corruptions,
                                             @ForAll boolean startsWithX) {
        Random random = new Random(seed);
        List<RegisterOperation> history = RegisterHistories.corrupted(RegisterHistories.atomic(random,
                new RegisterHistories.Shape(clients, operations, 0.25, 0.1)), random, corruptions);
        String initialValue = startsWithX ? "x" : null;
        boolean linearizable = BruteForceLinearizability.isLinearizable(history, initialValue);
        Class<?> expected = linearizable ? Linearizable.class : NotLinearizable.class;

        LinearizabilityResult result = checker.check(history, initialValue);
        LinearizabilityResult searched = checker.check(history, initialValue, false);

        assertThat(result).as("%s for %s", result, history).isInstanceOf(expected);
        assertThat(searched).as("%s for %s", searched, history).isInstanceOf(expected);
        if (linearizable) {
            assertIsWitness(((Linearizable) result).order(), history, initialValue);
        }
    }

    /**
     * The order contains every completed operation and no failed one, respects real time, and replays
     * on a register to exactly the answers the clients got.
     */
    static void assertIsWitness(List<RegisterOperation> order, List<RegisterOperation> history, String initialValue) {
        Set<RegisterOperation> placed = new HashSet<>(order);
        assertThat(placed).hasSize(order.size());
        for (RegisterOperation operation : history) {
            assertThat(placed.contains(operation)).as("%s placed", operation)
                    .isEqualTo(operation.outcome() == Outcome.OK || (placed.contains(operation)
                            && operation.outcome() == Outcome.INDETERMINATE));
        }
        String value = initialValue;
        for (int i = 0; i < order.size(); i++) {
            RegisterOperation operation = order.get(i);
            for (RegisterOperation later : order.subList(i + 1, order.size())) {
                assertThat(later.completeNanos()).as("%s placed after %s", later, operation)
                        .isGreaterThanOrEqualTo(operation.invokeNanos());
            }
            boolean holdsExpected = Objects.equals(value, operation.expected());
            if (operation.kind() == Kind.READ) {
                assertThat(operation.result()).as("%s", operation).isEqualTo(value);
            } else if (operation.kind() == Kind.WRITE) {
                value = operation.argument();
            } else if (operation.outcome() == Outcome.OK) {
                assertThat(operation.applied()).as("%s with %s", operation, value).isEqualTo(holdsExpected);
                value = holdsExpected ? operation.argument() : value;
            } else {
                value = holdsExpected ? operation.argument() : value;
            }
        }
    }
}
