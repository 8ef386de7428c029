package chorus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs many seeds, each a whole independent simulation, on a few threads (runs share nothing, so
 * this changes no run's outcome), and replays a failing seed with a trace of the key involved.
 */
public final class SeedRunner {
    private SeedRunner() {
    }

    /** Runs {@code count} seeds from {@code firstSeed}; results come back in seed order. */
    public static List<RunResult> run(SimulationOptions template, long firstSeed, int count, int threads,
                                      Consumer<RunResult> onEach) {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (long seed = firstSeed; seed < firstSeed + count; seed++) {
                SimulationOptions options = template.withSeed(seed);
                futures.add(executor.submit(() -> {
                    RunResult result = SimulationRun.run(options);
                    onEach.accept(result);
                    return result;
                }));
            }
            List<RunResult> results = new ArrayList<>();
            for (Future<RunResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running seeds", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulation run failed to complete", e.getCause());
        } finally {
            executor.shutdownNow();
        }
    }

    /** Replays a failed run with a trace of the first violation's key, for a readable report. */
    public static RunResult replayWithTrace(RunResult failed) {
        String key = failed.violations().stream().map(Violation::key).filter(k -> k != null).findFirst().orElse(null);
        return SimulationRun.run(failed.options().withTracedKey(key == null ? "*" : key));
    }

    public static int defaultThreads() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }
}
