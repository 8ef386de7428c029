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
    /**
     * The rarest bug to show is SKIP_READ_REPAIR: a value only a minority holds (a write that timed
     * out before its hints arrived) must be read at QUORUM and then missed by a later QUORUM read.
     * Since reads ask only the fastest quorum, reads through one coordinator keep meeting the same
     * replicas, so it takes two coordinators whose fastest quorums differ, in that short window:
     * measured, 16 of seeds 1..150 catch it (5 of 60 when every read asked every replica), the first
     * at seed 31. With 1 seed in 10, 50 seeds miss it with probability 0.5%.
     */
    private static final int SEEDS_MAX = 50;

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
