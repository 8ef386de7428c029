package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Whole-cluster safety and liveness over many seeds: 5 nodes, RF 3, 30 simulated seconds of
 * faults, then healing. {@code -Dchorus.sim.seeds=N} runs more seeds; {@code -Dchorus.sim.seed=S}
 * runs exactly one.
 */
class ClusterSimulation {
    @Test
    void everySeedKeepsEveryPromise() {
        String single = System.getProperty("chorus.sim.seed");
        long first = single != null ? Long.parseLong(single) : 1;
        int count = single != null ? 1 : Integer.getInteger("chorus.sim.seeds", 200);
        long started = System.nanoTime();
        List<RunResult> results = SeedRunner.run(SimulationOptions.standard(first), first, count,
                SeedRunner.defaultThreads(), result -> { });
        double seconds = (System.nanoTime() - started) / 1e9;
        long messages = results.stream().mapToLong(RunResult::messagesSent).sum();
        System.out.printf("simulated %d seeds, %d messages in %.1f s: %.0f messages per second%n", results.size(),
                messages, seconds, messages / seconds);

        List<RunResult> failed = results.stream().filter(result -> !result.passed()).toList();
        String reports = failed.stream().limit(3).map(SeedRunner::replayWithTrace).map(RunResult::failureReport)
                .collect(Collectors.joining("\n"));
        assertThat(failed).as(reports).isEmpty();
        assertThat(results).as("runs must do real work").allSatisfy(result -> {
            assertThat(result.operationsOk()).isGreaterThan(100);
            assertThat(result.messagesDelivered()).isGreaterThan(1000);
        });
    }
}
