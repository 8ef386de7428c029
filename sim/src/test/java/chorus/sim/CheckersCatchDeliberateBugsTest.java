package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.node.DeliberateBug;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A checker that never fails tests nothing: with a deliberately broken coordinator the simulation
 * must find a violation within a bounded number of seeds, and the failing seed must replay.
 */
class CheckersCatchDeliberateBugsTest {
    private static final int SEEDS_MAX = 30;

    @ParameterizedTest
    @EnumSource(DeliberateBug.class)
    void aBrokenCoordinatorIsCaughtAndTheSeedReplays(DeliberateBug bug) {
        RunResult failed = null;
        for (long seed = 1; seed <= SEEDS_MAX && failed == null; seed++) {
            RunResult result = SimulationRun.run(SimulationOptions.standard(seed).withBugs(Set.of(bug)));
            if (!result.passed()) {
                failed = result;
            }
        }
        assertThat(failed).as("no seed of %d caught %s", SEEDS_MAX, bug).isNotNull();
        assertThat(failed.violations()).allSatisfy(violation -> assertThat(violation.kind())
                .isIn("lost-write", "read-your-writes", "value-disappeared", "not-linearizable", "divergence"));

        RunResult replayed = SeedRunner.replayWithTrace(failed);
        assertThat(replayed.violations()).isEqualTo(failed.violations());
        assertThat(replayed.failureReport())
                .contains("replay: ./chorus sim --seed " + failed.options().seed())
                .contains("--bug " + bug)
                .contains("last events for key " + failed.violations().get(0).key());
    }
}
