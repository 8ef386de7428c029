package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A seed is a complete description of a run: replaying it gives the same trace, event for event. */
class DeterminismTest {
    @Test
    void theSameSeedGivesTheSameTraceTwice() {
        RunResult first = SimulationRun.run(SimulationOptions.standard(42).withFaultSeconds(10));
        RunResult second = SimulationRun.run(SimulationOptions.standard(42).withFaultSeconds(10));
        assertThat(second.traceDigest()).isEqualTo(first.traceDigest());
        assertThat(second.summary()).isEqualTo(first.summary());
        assertThat(second.events()).isEqualTo(first.events());
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        RunResult first = SimulationRun.run(SimulationOptions.standard(1).withFaultSeconds(5));
        RunResult second = SimulationRun.run(SimulationOptions.standard(2).withFaultSeconds(5));
        assertThat(second.traceDigest()).isNotEqualTo(first.traceDigest());
    }

    @Test
    void tracingAKeyDoesNotChangeTheRun() {
        RunResult plain = SimulationRun.run(SimulationOptions.standard(7).withFaultSeconds(5));
        RunResult traced = SimulationRun.run(SimulationOptions.standard(7).withFaultSeconds(5).withTracedKey("r0"));
        assertThat(traced.traceDigest()).isEqualTo(plain.traceDigest());
        assertThat(traced.trace()).isNotEmpty().anySatisfy(line -> assertThat(line).contains("r0"));
    }
}
