package chorus.sim.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.sim.linearizability.LinearizabilityResult.Linearizable;
import chorus.sim.linearizability.LinearizabilityResult.NotLinearizable;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The checker on histories the size the simulation produces: 2,000 operations on one key from 10
 * clients. The target is well under 2 s; the assertion is looser so a busy machine does not fail it.
 */
class LinearizabilityCheckerPerformanceTest {
    private static final long SEED = 20240601L;

    private static LinearizabilityResult timed(String name, List<RegisterOperation> history) {
        long start = System.nanoTime();
        LinearizabilityResult result = new LinearizabilityChecker().check(history);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("linearizability check of %s (%d operations, seed %d): %d ms, %s%n", name, history.size(),
                SEED, millis, result.getClass().getSimpleName());
        assertThat(millis).isLessThan(10_000);
        return result;
    }

    private static List<RegisterOperation> history(double timeoutRate, double failureRate) {
        return RegisterHistories.atomic(new Random(SEED),
                new RegisterHistories.Shape(10, 2_000, timeoutRate, failureRate));
    }

    @Test
    void twoThousandOperationsFromTenClients() {
        assertThat(timed("an atomic register", history(0, 0))).isInstanceOf(Linearizable.class);
    }

    @Test
    void twoThousandOperationsFromTenClientsWithTimeouts() {
        assertThat(timed("an atomic register with 5% timeouts", history(0.05, 0.02)))
                .isInstanceOf(Linearizable.class);
    }

    @Test
    void twoThousandOperationsWithOneStaleRead() {
        List<RegisterOperation> mutated = RegisterHistories.withLastReadStale(history(0, 0));
        assertThat(timed("an atomic register with one stale read", mutated)).isInstanceOf(NotLinearizable.class);
    }

    @Test
    void twoThousandOperationsWithTimeoutsAndOneStaleRead() {
        List<RegisterOperation> mutated = RegisterHistories.withLastReadStale(history(0.05, 0.02));
        assertThat(timed("an atomic register with 5% timeouts and one stale read", mutated))
                .isInstanceOf(NotLinearizable.class);
    }
}
