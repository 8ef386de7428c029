package chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.port.StorageResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * D5 group commit: concurrent applies share one fsync. Prints the measured figures (a benchmark
 * never fails on timing); asserts only the structural facts: fewer syncs than applies under
 * concurrency, exactly one sync per apply without it.
 */
class GroupCommitTest {
    @TempDir
    Path directory;

    private final ExecutorService nodeThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "node"));

    @AfterEach
    void stopNodeThread() {
        nodeThread.shutdownNow();
    }

    @Test
    void concurrentAppliesShareSyncs() throws Exception {
        try (RocksDbStorageEngine engine = new RocksDbStorageEngine(directory, SyncMode.ALWAYS, nodeThread)) {
            Figures figures = measure(engine, 50, 40);
            System.out.println("group commit: " + figures);
            assertThat(figures.syncs()).isLessThan(figures.applies());
        }
    }

    @Test
    void oneSubmitterSyncsEveryApply() throws Exception {
        try (RocksDbStorageEngine engine = new RocksDbStorageEngine(directory, SyncMode.ALWAYS, nodeThread)) {
            Figures figures = measure(engine, 1, 200);
            System.out.println("no concurrency: " + figures);
            assertThat(figures.syncs()).isEqualTo(figures.applies());
        }
    }

    /** Each submitter is a client with one apply outstanding: it submits, waits for the result, repeats. */
    private static Figures measure(RocksDbStorageEngine engine, int submitters, int appliesEach) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(submitters);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < submitters; s++) {
                int submitter = s;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < appliesEach; i++) {
                        Row row = Row.replaceWithString(Bytes.utf8("value-" + i), 0, Timestamp.ofMillis(1 + i, 0, 1));
                        RowKey key = new RowKey("ks", Bytes.utf8("client-" + submitter + "-" + i));
                        StorageResult<Timestamp> result = RocksDbStorageEngineTest.applyAndWait(engine, new Mutation(key, row));
                        assertThat(result).isInstanceOf(StorageResult.Ok.class);
                    }
                    return null;
                }));
            }
            long syncsBefore = engine.syncCount();
            long startNanos = System.nanoTime();
            start.countDown();
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
            long elapsedNanos = System.nanoTime() - startNanos;
            return new Figures(submitters, (long) submitters * appliesEach, engine.syncCount() - syncsBefore, elapsedNanos);
        } finally {
            threads.shutdownNow();
        }
    }

    private record Figures(int submitters, long applies, long syncs, long elapsedNanos) {
        @Override
        public String toString() {
            return String.format("submitters=%d applies=%d syncs=%d applies/sync=%.1f applies/s=%.0f syncs/s=%.0f",
                    submitters, applies, syncs, (double) applies / syncs, applies * 1e9 / elapsedNanos,
                    syncs * 1e9 / elapsedNanos);
        }
    }
}
