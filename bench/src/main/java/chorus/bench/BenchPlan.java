package chorus.bench;

import static java.util.Objects.requireNonNull;

import chorus.api.ConsistencyLevel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A validated load: where to send it, what to send and for how long. Exactly one of
 * {@code duration} and {@code operations} bounds the measured phase; the other is null or 0.
 *
 * @param consistency the level for both reads and writes, sent once per connection; empty sends
 *     nothing, so the server's default applies (and plain Redis works)
 */
record BenchPlan(List<Endpoint> endpoints, OperationMix mix, long keys, KeyChooser.Kind distribution,
                 int valueSize, int connections, int pipeline, int threads, Duration duration, long operations,
                 Duration warmup, Optional<ConsistencyLevel> consistency, long seed) {
    static final int CONNECTIONS_MAX = 10_000;
    static final int PIPELINE_MAX = 10_000;
    static final int VALUE_SIZE_MAX = 64 * 1024 * 1024;

    BenchPlan {
        requireNonNull(endpoints, "endpoints is null");
        requireNonNull(mix, "mix is null");
        requireNonNull(distribution, "distribution is null");
        requireNonNull(warmup, "warmup is null");
        requireNonNull(consistency, "consistency is null");
        check(!endpoints.isEmpty(), "--hosts is empty (expected: HOST:PORT[,HOST:PORT...])");
        check(keys >= 1 && keys <= CommandEncoder.KEYS_MAX, "--keys=" + keys + " is invalid (expected: 1.."
                + CommandEncoder.KEYS_MAX + ")");
        check(valueSize >= 0 && valueSize <= VALUE_SIZE_MAX,
                "--value-size=" + valueSize + " is invalid (expected: 0.." + VALUE_SIZE_MAX + ")");
        check(connections >= 1 && connections <= CONNECTIONS_MAX,
                "--connections=" + connections + " is invalid (expected: 1.." + CONNECTIONS_MAX + ")");
        check(pipeline >= 1 && pipeline <= PIPELINE_MAX,
                "--pipeline=" + pipeline + " is invalid (expected: 1.." + PIPELINE_MAX + ")");
        check((long) pipeline * valueSize <= 256L * 1024 * 1024,
                "--pipeline times --value-size is over 256 MiB per connection; lower one of them");
        check(threads >= 1 && threads <= connections,
                "--threads=" + threads + " is invalid (expected: 1..--connections, here " + connections + ")");
        check(duration == null || !duration.isNegative() && !duration.isZero(),
                "--duration=" + duration + " is invalid (expected: more than 0)");
        check(operations >= 0, "--operations=" + operations + " is invalid (expected: >= 1)");
        check((duration == null) != (operations == 0), "give one of --duration and --operations, not both");
        check(!warmup.isNegative(), "--warmup=" + warmup + " is invalid (expected: >= 0)");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    boolean byOperationCount() {
        return operations > 0;
    }
}
