package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.Keyspace;
import chorus.core.port.StorageResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@link RocksDbStorageEngine#read} of a random key out of {@code keys} (100-byte values), answered
 * on the caller's thread as an event loop's GET is: from the rows of recently written keys
 * ({@link RecentRows}) or else from RocksDB's memory (memtables, block cache). The database is first
 * shaped like a node's under {@code chorus bench}: the keys loaded in order, then {@code overwrites}
 * uniformly random overwrites, so rows sit in the memtable, in level-0 files and in lower levels.
 * Completions run on the calling thread, so the score is the whole inline read: key encoding, the
 * lookup and decoding the row. Before {@link RecentRows} kept rows, every read was a RocksDB get
 * through JNI: 6.1 µs here, against 1.8 µs with it (bench/RESULTS.md, session 5).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StorageReadBenchmark {
    /** Distinct keys, as {@code chorus bench --keys}. */
    @Param("100000")
    public int keys;

    /** Random overwrites after the first load: they spread rows over the memtable and table files. */
    @Param("400000")
    public int overwrites;

    private Path directory;
    private RocksDbStorageEngine engine;
    private RowKey[] rowKeys;
    private final SplittableRandom random = new SplittableRandom(42);
    private Row lastRow;
    private long readsFromDisk;

    @Setup(Level.Trial)
    public void open() throws IOException, InterruptedException {
        directory = Files.createTempDirectory("chorus-jmh-read-");
        engine = new RocksDbStorageEngine(directory, SyncMode.PERIODIC, Runnable::run);
        rowKeys = new RowKey[keys];
        for (int i = 0; i < keys; i++) {
            rowKeys[i] = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8(String.format("key:%012d", i)));
        }
        byte[] bytes = new byte[100];
        Arrays.fill(bytes, (byte) 'v');
        Bytes value = Bytes.wrapUnsafe(bytes);
        Semaphore inFlight = new Semaphore(256);
        long time = 1_763_800_000_000L << Timestamp.LOGICAL_BITS;
        for (int i = 0; i < keys + overwrites; i++) {
            RowKey key = i < keys ? rowKeys[i] : rowKeys[random.nextInt(keys)];
            inFlight.acquire();
            engine.apply(List.of(new Mutation(key, Row.replaceWithString(value, 0, new Timestamp(time++, 1)))),
                    result -> inFlight.release());
        }
        inFlight.acquire(256);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        engine.close();
        System.out.println("\nreads that needed the reader thread: " + readsFromDisk);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public Row read() {
        lastRow = null;
        engine.read(rowKeys[random.nextInt(keys)], this::keep);
        if (lastRow == null) {
            readsFromDisk++; // Queued for the reader thread: not an inline read.
        }
        return lastRow;
    }

    private void keep(StorageResult<Row> result) {
        if (result instanceof StorageResult.Ok<Row> ok) {
            lastRow = ok.value();
        } else {
            throw new IllegalStateException("read failed: " + result);
        }
    }
}
