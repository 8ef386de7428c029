package chorus.bench;

import chorus.api.ConsistencyLevel;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chorus bench}: a closed-loop load generator for RESP servers, Chorus or plain Redis. Each
 * connection sends a batch of {@code --pipeline} requests, waits for every reply, and sends the
 * next; one live line per second, then a summary from HdrHistogram (or JSON with {@code --json}).
 * Errors are counted by kind, never dropped. Exit codes: 0 when the run completed (even with error
 * replies: read the summary), 1 when it could not run (unreachable server, refused CONSISTENCY),
 * 2 for a usage error.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "chorus bench 0.1.0",
        description = "Puts a load on RESP endpoints (Chorus or Redis) and reports throughput and latency.",
        sortOptions = false, subcommands = FsyncProbe.class)
public final class BenchCommand implements Callable<Integer> {
    static final int RUN_FAILED = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--hosts", paramLabel = "HOST:PORT,...", defaultValue = "127.0.0.1:7001",
            description = "Endpoints; connections are spread over them in turn. Default: ${DEFAULT-VALUE}.")
    private String hosts;

    @Option(names = "--mix", paramLabel = "OP=WEIGHT,...", defaultValue = "get=50,set=50",
            description = "Operations and their weights, from: get, set, incr, hset, hgetall, cas"
                    + " (SET key new IFEQ old). Default: ${DEFAULT-VALUE}.")
    private String mix;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "100000",
            description = "Distinct keys per operation family (key:, counter:, hash:). Default: ${DEFAULT-VALUE}.")
    private long keys;

    @Option(names = "--distribution", paramLabel = "NAME", defaultValue = "uniform",
            description = "uniform, zipfian (exponent 0.99; key 0 hottest) or sequential (each key once, in order,"
                    + " across all connections). Default: ${DEFAULT-VALUE}.")
    private String distribution;

    @Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "100",
            description = "Bytes per value written. Default: ${DEFAULT-VALUE}.")
    private int valueSize;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "50",
            description = "Client connections. Default: ${DEFAULT-VALUE}.")
    private int connections;

    @Option(names = "--pipeline", paramLabel = "N", defaultValue = "1",
            description = "Requests per connection sent together before waiting for their replies."
                    + " Default: ${DEFAULT-VALUE}.")
    private int pipeline;

    @Option(names = "--threads", paramLabel = "N",
            description = "Load-generating threads (each drives a share of the connections). Default: half the"
                    + " processors, at least 1.")
    private Integer threads;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationParser.class,
            description = "How long to measure, e.g. 10s, 500ms, 2m. Default: 10s, unless --operations is given.")
    private Duration duration;

    @Option(names = "--operations", paramLabel = "N",
            description = "Measure exactly N requests instead of a duration.")
    private Long operations;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "2s", converter = DurationParser.class,
            description = "Load before measuring, not counted. Default: ${DEFAULT-VALUE}.")
    private Duration warmup;

    @Option(names = "--consistency", paramLabel = "LEVEL",
            description = "Chorus only: sends CONSISTENCY READ LEVEL WRITE LEVEL on every connection (ONE, QUORUM,"
                    + " ALL, SERIAL). Default: nothing is sent, the server's default applies.")
    private String consistency;

    @Option(names = "--no-consistency",
            description = "Send no CONSISTENCY command (the default; for plain Redis, which has none).")
    private boolean noConsistency;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the operation and key choices. Default: random.")
    private Long seed;

    @Option(names = "--json", description = "Print the summary as JSON on stdout (live lines go to stderr).")
    private boolean json;

    private BenchSummary summary;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        BenchPlan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter live = json ? spec.commandLine().getErr() : out;
        live.printf(Locale.ROOT, "bench: %d connections to %s, mix %s, pipeline %d, %s, seed %d%n",
                plan.connections(), hosts, plan.mix(), plan.pipeline(), plan.byOperationCount()
                        ? plan.operations() + " operations" : plan.duration().toMillis() / 1000.0 + " s", plan.seed());
        live.flush();
        try {
            summary = new LoadRun(plan, live).run();
        } catch (BenchException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("bench: " + e.getMessage());
            err.flush();
            return RUN_FAILED;
        }
        out.println(json ? summary.toJson() : summary.toText());
        out.flush();
        return 0;
    }

    /** The summary of the last completed run, for tests; null before. */
    BenchSummary summary() {
        return summary;
    }

    private BenchPlan plan() {
        try {
            if (noConsistency && consistency != null) {
                throw new IllegalArgumentException("--consistency and --no-consistency contradict each other");
            }
            Optional<ConsistencyLevel> level = Optional.empty();
            if (consistency != null) {
                level = Optional.of(ConsistencyLevel.parse(consistency).orElseThrow(() -> new IllegalArgumentException(
                        "--consistency=" + consistency + " is invalid (expected one of: " + Arrays.stream(
                                ConsistencyLevel.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")")));
            }
            long measuredOperations = operations == null ? 0 : operations;
            if (operations != null && operations < 1) {
                throw new IllegalArgumentException("--operations=" + operations + " is invalid (expected: >= 1)");
            }
            Duration measuredDuration = operations == null && duration == null ? Duration.ofSeconds(10) : duration;
            int threadCount = threads != null ? threads
                    : Math.min(connections, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
            return new BenchPlan(Endpoint.parseList(hosts), OperationMix.parse(mix), keys, distribution(),
                    valueSize, connections, pipeline, threadCount, measuredDuration, measuredOperations, warmup,
                    level, seed != null ? seed : new SecureRandom().nextLong());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private KeyChooser.Kind distribution() {
        for (KeyChooser.Kind kind : KeyChooser.Kind.values()) {
            if (kind.label().equals(distribution.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("--distribution=" + distribution + " is invalid (expected one of: "
                + List.of(KeyChooser.Kind.values()).stream().map(KeyChooser.Kind::label)
                        .collect(Collectors.joining(", ")) + ")");
    }
}
