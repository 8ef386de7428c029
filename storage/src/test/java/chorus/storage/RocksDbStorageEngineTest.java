package chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.port.Callback;
import chorus.core.port.StorageEngine;
import chorus.core.port.StorageResult;
import chorus.testing.StorageEngineContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/** The storage contract on RocksDB, and what only the RocksDB engine has: files, sync modes, locks. */
class RocksDbStorageEngineTest extends StorageEngineContract {
    private static final String NODE_THREAD = "node";

    @TempDir
    Path directory;

    private final ExecutorService nodeThread = Executors.newSingleThreadExecutor(task -> new Thread(task, NODE_THREAD));
    private final List<RocksDbStorageEngine> opened = new ArrayList<>();

    @Override
    protected StorageEngine open() {
        return open(SyncMode.ALWAYS, StorageConfig.defaults());
    }

    private RocksDbStorageEngine open(SyncMode syncMode, StorageConfig config) {
        RocksDbStorageEngine engine = new RocksDbStorageEngine(directory, syncMode, nodeThread, config);
        opened.add(engine);
        return engine;
    }

    @Override
    protected void restart() {
        opened.forEach(RocksDbStorageEngine::close);
        opened.clear();
    }

    @Override
    protected boolean isCallbackThread() {
        return Thread.currentThread().getName().equals(NODE_THREAD);
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        restart();
        nodeThread.shutdown();
        assertThat(nodeThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private RocksDbStorageEngine rocks() {
        return (RocksDbStorageEngine) engine();
    }

    @Test
    void concurrentAppliesToOneKeyLoseNoMerge() throws Exception {
        int threads = 8;
        int appliesPerThread = 50;
        RocksDbStorageEngine engine = rocks(); // Opened here: engine() is for the test thread only.
        ExecutorService submitters = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(submitters.submit(() -> {
                    for (int i = 0; i < appliesPerThread; i++) {
                        Row row = Row.of(field("t" + thread + "-" + i, "v", 1 + i));
                        assertThat(applyAndWait(engine, new Mutation(key("hot"), row))).isInstanceOf(StorageResult.Ok.class);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            submitters.shutdownNow();
        }
        assertThat(read(key("hot")).cells()).hasSize(threads * appliesPerThread);
    }

    /**
     * SETs and DELs newer than everything stored skip the read before their merge, and reads are
     * answered from the rows of recently written keys (RecentRows); with a table of 16 entries over 60
     * keys, writes and reads take both paths and entries are evicted. Whatever path a write or read
     * took, the stored rows, the rows read and the reported newest timestamps must be the merges'.
     */
    @Test
    void writesThatSkipTheirReadStoreAndReportWhatMergingGives() {
        RocksDbStorageEngine engine = open(SyncMode.ALWAYS, StorageConfig.defaults().withRecentRowsCached(16));
        Random random = new Random(42);
        Map<RowKey, Row> model = new HashMap<>();
        List<Completion<StorageResult<Timestamp>>> completions = new ArrayList<>();
        List<Timestamp> expectedNewestBefore = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            RowKey key = key("k" + random.nextInt(60));
            long millis = 1 + random.nextInt(40); // Few times: out-of-order writes and ties are common.
            Row row = switch (random.nextInt(4)) {
                case 0, 1 -> string("v" + i, millis);
                case 2 -> Row.deleted(ts(millis));
                default -> Row.of(field("f" + random.nextInt(3), "v" + i, millis));
            };
            Row stored = model.getOrDefault(key, Row.EMPTY);
            expectedNewestBefore.add(stored.newestTimestamp());
            model.put(key, Row.merge(stored, row));
            Completion<StorageResult<Timestamp>> completion = new Completion<>();
            completions.add(completion);
            engine.apply(List.of(new Mutation(key, row)), completion); // Not awaited: groups form.
            if (i % 500 == 499) {
                runCallbacksUntil(() -> completions.stream().allMatch(Completion::isDone), TIMEOUT);
                assertReadsMatch(engine, model);
            }
        }
        runCallbacksUntil(() -> completions.stream().allMatch(Completion::isDone), TIMEOUT);
        assertThat(engine.recentRowReadCount()).as("reads answered from recent rows").isPositive();
        for (int i = 0; i < completions.size(); i++) {
            assertThat(ok(completions.get(i).result())).as("newest before apply %d", i).isEqualTo(expectedNewestBefore.get(i));
        }
        assertReadsMatch(engine, model);
    }

    private void assertReadsMatch(RocksDbStorageEngine engine, Map<RowKey, Row> model) {
        for (Map.Entry<RowKey, Row> entry : model.entrySet()) {
            Completion<StorageResult<Row>> read = new Completion<>();
            engine.read(entry.getKey(), read);
            runCallbacksUntil(read::isDone, TIMEOUT);
            assertThat(ok(read.result())).as("row of %s", entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    /**
     * A reader on another thread, while SETs of one key commit one after another: every read sees at
     * least the last SET acknowledged before it began, and never an older row than a read before it
     * (the row kept in memory is forgotten while RocksDB commits, so no read goes back in time).
     */
    @Test
    void readsDuringWritesSeeEveryAcknowledgedWriteAndNeverGoBack() {
        RocksDbStorageEngine engine = rocks();
        int writes = 2_000;
        AtomicLong acknowledged = new AtomicLong();
        Callback<StorageResult<Timestamp>> next = new Callback<>() {
            @Override
            public void completed(StorageResult<Timestamp> result) {
                long done = acknowledged.incrementAndGet(); // Only after the SET of millis `done` is durable.
                if (done < writes) {
                    engine.apply(List.of(new Mutation(key("k"), string("v" + (done + 1), done + 1))), this);
                }
            }
        };
        engine.apply(List.of(new Mutation(key("k"), string("v1", 1))), next);
        long lastSeen = 0;
        int reads = 0;
        while (acknowledged.get() < writes) {
            long acknowledgedBefore = acknowledged.get();
            Completion<StorageResult<Row>> read = new Completion<>();
            engine.read(key("k"), read);
            runCallbacksUntil(read::isDone, TIMEOUT);
            Row row = ok(read.result());
            long seen = row.isEmpty() ? 0 : Long.parseLong(row.cells().firstEntry().getValue().value().utf8().substring(1));
            assertThat(seen).as("read %d: acknowledged before it %d", reads, acknowledgedBefore)
                    .isGreaterThanOrEqualTo(acknowledgedBefore).isGreaterThanOrEqualTo(lastSeen);
            lastSeen = seen;
            reads++;
        }
        assertThat(reads).isPositive();
        assertThat(engine.recentRowReadCount()).as("reads answered from recent rows").isPositive();
    }

    /**
     * After a restart the table is empty. A key read once stays out of it (a scan or a cold key must
     * not push out hot ones); a key read again is read into it by the storage thread, and from then
     * on its reads are answered from memory, with the row as stored.
     */
    @Test
    void keysReadAgainAfterARestartAreKeptAndAnsweredFromMemory() {
        apply(new Mutation(key("hot"), string("h", 1)));
        apply(new Mutation(key("cold"), string("c", 1)));
        restartEngine();

        assertThat(read(key("cold"))).isEqualTo(string("c", 1));
        assertThat(read(key("hot"))).isEqualTo(string("h", 1));
        assertThat(read(key("hot"))).isEqualTo(string("h", 1)); // Second miss: the storage thread is asked.
        runCallbacksUntil(() -> {
            assertThat(read(key("hot"))).isEqualTo(string("h", 1));
            return rocks().recentRowReadCount() > 0;
        }, TIMEOUT);
        long answeredFromMemory = rocks().recentRowReadCount();
        assertThat(read(key("cold"))).isEqualTo(string("c", 1)); // Its first miss was not enough.
        assertThat(rocks().recentRowReadCount()).isEqualTo(answeredFromMemory);
        // A write after the row was remembered replaces it there too.
        apply(new Mutation(key("hot"), string("h2", 2)));
        assertThat(read(key("hot"))).isEqualTo(string("h2", 2));
        assertThat(rocks().recentRowReadCount()).isEqualTo(answeredFromMemory + 1);
    }

    @Test
    void readsOfRecentlyWrittenKeysAreAnsweredFromMemoryAndCounted() {
        apply(new Mutation(key("k"), string("v1", 1)));
        assertThat(read(key("k"))).isEqualTo(string("v1", 1));
        assertThat(rocks().recentRowReadCount()).isEqualTo(1);
        apply(new Mutation(key("k"), Row.deleted(ts(2))));
        assertThat(read(key("k"))).isEqualTo(Row.deleted(ts(2)));
        assertThat(rocks().recentRowReadCount()).isEqualTo(2);
        // A row too long to keep whole is read from RocksDB, and still right.
        String longValue = "x".repeat(RecentRows.ROW_BYTES);
        apply(new Mutation(key("k"), string(longValue, 3)));
        assertThat(read(key("k"))).isEqualTo(string(longValue, 3));
        assertThat(rocks().recentRowReadCount()).isEqualTo(2);
        // After a restart nothing is kept: reads go to RocksDB until keys are written again.
        restartEngine();
        assertThat(read(key("k"))).isEqualTo(string(longValue, 3));
        assertThat(rocks().recentRowReadCount()).isZero();
    }

    @Test
    void aNewerSetOrDeleteOfAKeyJustWrittenSkipsItsReadAndIsCounted() {
        apply(new Mutation(key("k"), string("v1", 1))); // Unknown key: read (absent), then written.
        assertThat(rocks().writesWithoutReadCount()).isZero();
        apply(new Mutation(key("k"), string("v2", 2)));
        apply(new Mutation(key("k"), Row.deleted(ts(3))));
        assertThat(rocks().writesWithoutReadCount()).isEqualTo(2);
        apply(new Mutation(key("k"), string("late", 2))); // Older than what is stored: must read and merge.
        apply(new Mutation(key("k"), Row.of(field("f", "x", 4)))); // No key tombstone: must read.
        assertThat(rocks().writesWithoutReadCount()).isEqualTo(2);
        assertThat(read(key("k"))).isEqualTo(Row.merge(Row.deleted(ts(3)), Row.of(field("f", "x", 4))));
    }

    @Test
    void eachSequentialApplyIsSyncedBeforeItCompletes() {
        long syncsBefore = rocks().syncCount();
        for (int i = 0; i < 20; i++) {
            apply(new Mutation(key("k" + i), string("v", 1)));
            assertThat(rocks().syncCount() - syncsBefore).isEqualTo(i + 1);
        }
        // A duplicate changes nothing, so it writes and syncs nothing; what it read was already durable.
        apply(new Mutation(key("k0"), string("v", 1)));
        assertThat(rocks().syncCount() - syncsBefore).isEqualTo(20);
    }

    @Test
    void periodicModeSyncsOnATimerAndKeepsDataAcrossRestart() {
        RocksDbStorageEngine engine = open(SyncMode.PERIODIC, StorageConfig.defaults()
                .withPeriodicSyncInterval(Duration.ofMillis(20)));
        assertThat(engine.syncMode()).isEqualTo(SyncMode.PERIODIC);
        for (int i = 0; i < 10; i++) {
            assertThat(applyAndWait(engine, new Mutation(key("k" + i), string("v" + i, 1))))
                    .isInstanceOf(StorageResult.Ok.class);
        }
        runCallbacksUntil(() -> engine.syncCount() >= 1, Duration.ofSeconds(10));
        // Within an interval of the last apply the log is synced once more at most; after that, never.
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        long syncs = engine.syncCount();
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        assertThat(engine.syncCount()).as("syncs while idle").isEqualTo(syncs);

        restart();

        for (int i = 0; i < 10; i++) {
            assertThat(read(key("k" + i))).isEqualTo(string("v" + i, 1));
        }
    }

    @Test
    void closeFinishesEveryRequestQueuedBeforeIt() {
        RocksDbStorageEngine engine = rocks();
        List<Completion<StorageResult<Timestamp>>> completions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Completion<StorageResult<Timestamp>> completion = new Completion<>();
            completions.add(completion);
            engine.apply(List.of(new Mutation(key("k" + i), string("v", 1))), completion);
        }
        engine.close();
        runCallbacksUntil(() -> completions.stream().allMatch(Completion::isDone), TIMEOUT);

        assertThat(completions).allSatisfy(completion ->
                assertThat(completion.result()).isInstanceOf(StorageResult.Ok.class));
        restartEngine();
        assertThat(read(key("k99"))).isEqualTo(string("v", 1));
    }

    @Test
    void operatorFiguresReflectTheData() {
        for (int i = 0; i < 100; i++) {
            apply(new Mutation(key("k" + i), string("v", 1)));
        }
        assertThat(rocks().syncMode()).isEqualTo(SyncMode.ALWAYS);
        assertThat(rocks().approximateKeyCount()).isBetween(50L, 200L); // An estimate, by design.
        assertThat(rocks().diskBytes()).isPositive();
        assertThat(rocks().applyCount()).isEqualTo(100);
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedWithItsName() {
        engine();

        assertThatThrownBy(() -> new RocksDbStorageEngine(directory, SyncMode.ALWAYS, nodeThread))
                .isInstanceOf(StorageOpenException.class)
                .hasMessageContaining("data directory " + directory.toAbsolutePath() + " is locked");
    }

    @Test
    void directoryThatCannotBeCreatedIsNamed() throws Exception {
        Path file = Files.createFile(directory.resolve("a-file"));

        assertThatThrownBy(() -> new RocksDbStorageEngine(file.resolve("data"), SyncMode.ALWAYS, nodeThread))
                .isInstanceOf(StorageOpenException.class)
                .hasMessageContaining("data directory " + file.resolve("data") + " cannot be created");
    }

    @Test
    void callsAfterCloseFailAsResults() {
        RocksDbStorageEngine engine = rocks();
        engine.close();

        StorageResult<Timestamp> result = applyAndWait(engine, new Mutation(key("k"), string("v", 1)));

        assertThat(result)
                .isEqualTo(StorageResult.failed("storage engine for " + directory.toAbsolutePath() + " is closed"));
        assertThat(engine.approximateKeyCount()).isEqualTo(-1);
    }

    @Test
    void corruptStoredRowsFailAsResults() throws Exception {
        apply(new Mutation(key("{t}good"), string("v", 1)));
        restartEngine();
        try (Database database = Database.open(directory.toAbsolutePath(), 1 << 20);
             WriteBatch batch = new WriteBatch()) {
            database.putData(batch, DataKeys.encode(key("{t}bad")), new byte[] {1, 2, 3});
            database.write(batch, true);
        }

        StorageResult<Row> read = await((Callback<StorageResult<Row>> done) -> engine().read(key("{t}bad"), done));
        StorageResult<Timestamp> apply = await((Callback<StorageResult<Timestamp>> done) ->
                engine().apply(List.of(new Mutation(key("{t}bad"), string("w", 2))), done));
        StorageResult<List<Mutation>> scan = await((Callback<StorageResult<List<Mutation>>> done) ->
                engine().scan(KEYSPACE, slotOf("{t}"), Bytes.EMPTY, 10, done));

        for (StorageResult<?> result : List.of(read, apply, scan)) {
            assertThat(result).isInstanceOfSatisfying(StorageResult.Failed.class, failed ->
                    assertThat(failed.reason()).startsWith("stored row of ks:\"{t}bad\" is corrupt (3 bytes)"));
        }
        assertThat(read(key("{t}good"))).isEqualTo(string("v", 1)); // The rest still works.
    }

    @Test
    void fullQueueFailsAsOverloadedAndEveryCallCompletes() {
        RocksDbStorageEngine engine = open(SyncMode.ALWAYS, new StorageConfig(Duration.ofMillis(100), 1 << 20, 1, 1, 16));
        int count = 500;
        List<Completion<StorageResult<Timestamp>>> completions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Completion<StorageResult<Timestamp>> completion = new Completion<>();
            completions.add(completion);
            engine.apply(List.of(new Mutation(key("k" + i), string("v", 1))), completion);
        }
        runCallbacksUntil(() -> completions.stream().allMatch(Completion::isDone), TIMEOUT);

        // One request waits while the storage thread syncs another, so a burst overflows the queue.
        assertThat(completions).anySatisfy(completion -> assertThat(completion.result()).isEqualTo(
                StorageResult.failed("storage is overloaded: 1 requests are waiting; retry later")));
        assertThat(completions).anySatisfy(completion ->
                assertThat(completion.result()).isInstanceOf(StorageResult.Ok.class));
    }

    @Test
    void invalidScanArgumentsAreProgrammingErrors() {
        Callback<StorageResult<List<Mutation>>> ignored = result -> { };
        assertThatThrownBy(() -> engine().scan(KEYSPACE, 16384, Bytes.EMPTY, 1, ignored))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine().scan(KEYSPACE, -1, Bytes.EMPTY, 1, ignored))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine().scan(KEYSPACE, 0, Bytes.EMPTY, 0, ignored))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tooLongKeyspaceFailsAsAResult() {
        RowKey key = new RowKey("k".repeat(70_000), Bytes.utf8("k"));

        StorageResult<Timestamp> result = await((Callback<StorageResult<Timestamp>> done) ->
                engine().apply(List.of(new Mutation(key, string("v", 1))), done));

        assertThat(result).isInstanceOfSatisfying(StorageResult.Failed.class, failed ->
                assertThat(failed.reason()).contains("keyspace name is 70000 bytes (expected: <= 65535)"));
    }

    /** Blocks a submitter thread (test code only) until the node thread delivers the result. */
    static StorageResult<Timestamp> applyAndWait(RocksDbStorageEngine engine, Mutation mutation) {
        CompletableFuture<StorageResult<Timestamp>> result = new CompletableFuture<>();
        engine.apply(List.of(mutation), result::complete);
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("apply of " + mutation.key() + " did not complete", e);
        }
    }
}
