package chorus.sim;

import chorus.core.node.DeliberateBug;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./chorus sim}: runs any number of seeds, or replays one, and prints what the checkers found. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs the deterministic cluster simulation: N nodes in one thread, faults drawn from each seed,",
                "then checks that no acknowledged QUORUM write is lost, reads see their writes, and replicas converge.",
                "A failing seed prints the command that replays it exactly."})
public final class SimCli implements Callable<Integer> {
    @Option(names = "--seed", description = "The first (or only) seed to run (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--seeds", description = "How many consecutive seeds to run (default: ${DEFAULT-VALUE}).")
    int seeds = 1;

    @Option(names = "--nodes", description = "Nodes in the cluster (default: ${DEFAULT-VALUE}).")
    int nodes = 5;

    @Option(names = "--replication-factor", description = "Replicas per slot (default: ${DEFAULT-VALUE}).")
    int replicationFactor = 3;

    @Option(names = "--seconds", description = "Simulated seconds of faults before healing (default: ${DEFAULT-VALUE}).")
    int seconds = 30;

    @Option(names = "--clients", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients = 8;

    @Option(names = "--keys", description = "Keys per kind, checked and unchecked (default: ${DEFAULT-VALUE}).")
    int keys = 10;

    @Option(names = "--bug", description = "Switch on a deliberately broken behaviour to see the checkers catch it: ${COMPLETION-CANDIDATES}.")
    List<DeliberateBug> bugs = List.of();

    @Option(names = "--threads", description = "Seeds run in parallel (default: up to 2).")
    int threads = SeedRunner.defaultThreads();

    @Option(names = "--trace-key", description = "Print the last events for this key.")
    String traceKey;

    @Override
    public Integer call() {
        SimulationOptions template = new SimulationOptions(seed, nodes, replicationFactor, seconds, clients, keys,
                bugs.isEmpty() ? EnumSet.noneOf(DeliberateBug.class) : EnumSet.copyOf(bugs), traceKey);
        long started = System.nanoTime();
        AtomicInteger failures = new AtomicInteger();
        List<RunResult> results = SeedRunner.run(template, seed, seeds, threads, result -> {
            synchronized (this) {
                System.out.println(result.summary());
                if (!result.passed()) {
                    failures.incrementAndGet();
                }
            }
        });
        long messages = results.stream().mapToLong(RunResult::messagesSent).sum();
        double seconds = (System.nanoTime() - started) / 1e9;
        for (RunResult result : results) {
            if (!result.passed()) {
                RunResult traced = traceKey == null ? SeedRunner.replayWithTrace(result) : result;
                System.out.println();
                System.out.println(traced.failureReport());
            } else if (traceKey != null) {
                result.trace().forEach(line -> System.out.println("  " + line));
            }
        }
        System.out.printf("%d seeds, %d failed; %d messages in %.1f s (%.0f simulated messages per second)%n",
                results.size(), failures.get(), messages, seconds, messages / seconds);
        return failures.get() == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
