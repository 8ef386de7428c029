package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.Keyspace;
import chorus.core.port.Callback;
import chorus.core.port.StorageResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link RocksDbStorageEngine#apply} of one 100-byte SET, in a fresh database in a temporary
 * directory ({@code java.io.tmpdir}), with {@code inFlight} applies outstanding at once. A replica
 * applies every write it acknowledges through here, and with {@link SyncMode#ALWAYS} the fsync is
 * the floor of a write's latency; group commit lets the applies that queue up behind one sync share
 * the next, so throughput should grow with {@code inFlight} while one apply at a time is bounded by
 * the disk's sync rate. {@link SyncMode#PERIODIC} shows what the engine costs without the sync.
 *
 * <p>One submitting thread keeps the applies in flight, as a node does: its one event loop calls
 * the port and never waits. Completions run on the storage thread itself (a direct executor), so
 * no hand-off to an event loop is measured. The {@code syncs} counter is fsyncs per second: the
 * score divided by it is how many applies shared each sync.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StorageApplyBenchmark {
    private static final int KEYS = 1024;

    @Param({"ALWAYS", "PERIODIC"})
    public SyncMode syncMode;

    @Param({"1", "16", "64"})
    public int inFlight;

    private Path directory;
    private RocksDbStorageEngine engine;
    private Semaphore slots;
    private final RowKey[] keys = new RowKey[KEYS];
    private Bytes value;
    private long nextTime = 1_763_800_000_000L << Timestamp.LOGICAL_BITS;
    private int next;
    private volatile String failure;
    private final Callback<StorageResult<Timestamp>> onApplied = result -> {
        if (result instanceof StorageResult.Failed<Timestamp> failed) {
            failure = failed.reason();
        }
        slots.release();
    };

    /** Fsyncs of the log per second, reported next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Syncs {
        public long syncs;
        private long atIterationStart = -1;

        long sinceIterationStart(RocksDbStorageEngine engine) {
            if (atIterationStart < 0) {
                atIterationStart = engine.syncCount();
            }
            return engine.syncCount() - atIterationStart;
        }

        @Setup(Level.Iteration)
        public void reset() {
            syncs = 0;
            atIterationStart = -1;
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("chorus-jmh-storage-");
        engine = new RocksDbStorageEngine(directory, syncMode, Runnable::run);
        slots = new Semaphore(inFlight);
        byte[] bytes = new byte[100];
        Arrays.fill(bytes, (byte) 'v');
        value = Bytes.wrapUnsafe(bytes);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8(String.format("key:%012d", i)));
        }
    }

    /** Lets every apply of an iteration finish inside it, so none spills its sync into the next. */
    @TearDown(Level.Iteration)
    public void drain() throws InterruptedException {
        slots.acquire(inFlight);
        slots.release(inFlight);
        checkNoFailure();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        engine.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public void apply(Syncs counters) throws InterruptedException {
        slots.acquire();
        checkNoFailure();
        RowKey key = keys[next++ & (KEYS - 1)];
        // Each SET is newer than the last, as a coordinator's clock makes it, so every merge replaces the row.
        Timestamp timestamp = new Timestamp(nextTime++, 1);
        engine.apply(List.of(new Mutation(key, Row.replaceWithString(value, 0, timestamp))), onApplied);
        counters.syncs = counters.sinceIterationStart(engine);
    }

    private void checkNoFailure() {
        if (failure != null) {
            throw new IllegalStateException("apply failed: " + failure);
        }
    }
}
