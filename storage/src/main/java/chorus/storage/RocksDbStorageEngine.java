package chorus.storage;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.port.Callback;
import chorus.core.port.KeyValue;
import chorus.core.port.PurgeResult;
import chorus.core.port.StorageEngine;
import chorus.core.port.StorageResult;
import chorus.core.topology.Slots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link StorageEngine}: RocksDB in one data directory (DESIGN.md D5, D10).
 *
 * <p><b>Threading.</b> Port methods may be called from any thread and return at once: they queue
 * the request for one of the engine's two threads. The storage thread does every write, so merges
 * of one key are serialized without locks; the reader thread serves reads, scans and lookups, so
 * they never wait behind a sync; a read that memory alone can answer is answered on the caller's
 * thread, without a hand-over. Completions run on {@code callbackExecutor} (the node's event
 * loop), one task per group of requests; writes complete in submission order, queries in any order.
 * A read sees every completed apply, and no write whose sync has not finished.
 *
 * <p><b>Durability.</b> With {@link SyncMode#ALWAYS} an apply completes only after its group's
 * batch is written with {@code sync=true}; concurrent applies share that one fsync (group commit).
 * With {@link SyncMode#PERIODIC} the log is fsynced every interval instead, and acknowledgements
 * may be lost on power loss (not on a process crash). Each group is one atomic RocksDB batch, so
 * after a crash an apply's batch is wholly present or wholly absent.
 *
 * <p><b>Failures.</b> RocksDB errors, corrupt stored rows, a full queue ({@link StorageConfig#queuedRequestsMax()})
 * and calls after {@link #close} complete with {@link StorageResult.Failed}; only programming
 * errors (null arguments, a slot or limit out of range) throw, at the call. Opening throws
 * {@link StorageOpenException} naming the directory (not writable, locked by another process).
 */
public final class RocksDbStorageEngine implements StorageEngine, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RocksDbStorageEngine.class);
    private static final Request.Stop STOP = new Request.Stop();

    /** Requests queued at most for the storage thread to take on a {@link Request.Remember} as well. */
    private static final int REMEMBER_QUEUE_LIMIT = 64;
    private final Path dataDirectory;
    private final SyncMode syncMode;
    private final StorageConfig config;
    private final Executor callbackExecutor;
    private final Database database;
    private final BlockingQueue<Request> queue;
    private final BlockingQueue<Request.Query> queries;
    private final StorageThread storageLoop;
    /** Rows of recently written keys, kept exact by the storage thread; reads try it before RocksDB. */
    private final RecentRows recentRows;
    /** Reads answered from {@link #recentRows}: written by whichever thread reads, hence atomic. */
    private final AtomicLong recentRowReads = new AtomicLong();
    private final Thread storageThread;
    private final Thread readerThread;
    /** Guards the hand-over at close: no request is queued behind STOP, no property read after release. */
    private final Object lifecycle = new Object();
    private boolean closing;
    private boolean released;

    public RocksDbStorageEngine(Path dataDirectory, SyncMode syncMode, Executor callbackExecutor) {
        this(dataDirectory, syncMode, callbackExecutor, StorageConfig.defaults());
    }

    /**
     * Opens (creating if needed) the database in {@code dataDirectory} and starts the storage thread.
     *
     * @throws StorageOpenException when the directory cannot be created, written, locked or opened
     */
    public RocksDbStorageEngine(Path dataDirectory, SyncMode syncMode, Executor callbackExecutor, StorageConfig config) {
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null").toAbsolutePath();
        this.syncMode = requireNonNull(syncMode, "syncMode is null");
        this.callbackExecutor = requireNonNull(callbackExecutor, "callbackExecutor is null");
        this.config = requireNonNull(config, "config is null");
        this.database = Database.open(this.dataDirectory, config.blockCacheBytes());
        try {
            // What recovery replayed may sit only in the page cache (a crash in PERIODIC mode); sync it,
            // because a duplicate apply writes nothing and is acknowledged on the strength of what it reads.
            database.flushWal(true);
        } catch (RocksDBException e) {
            database.close();
            throw new StorageOpenException("data directory " + this.dataDirectory + " cannot be synced: "
                    + StorageFailure.describe(e), e);
        }
        this.queue = new LinkedBlockingQueue<>(config.queuedRequestsMax());
        this.queries = new LinkedBlockingQueue<>(config.queuedRequestsMax());
        CompletionDispatcher dispatcher = new CompletionDispatcher(callbackExecutor);
        this.recentRows = new RecentRows(config.recentRowsCached());
        this.storageLoop = new StorageThread(database, queue, syncMode, config, dispatcher, recentRows);
        this.storageThread = new Thread(this::runStorageThread, "chorus-storage");
        this.readerThread = new Thread(new ReaderThread(database, queries, config, dispatcher), "chorus-storage-reader");
        readerThread.start();
        storageThread.start();
        LOGGER.info("storage opened dir={} syncMode={} keys~{} recentRows={}", this.dataDirectory, syncMode,
                approximateKeyCount(), recentRows.capacity());
        if (syncMode == SyncMode.PERIODIC) {
            LOGGER.warn("storage syncMode=PERIODIC interval={}ms dir={}: acknowledged writes are not durable on power "
                    + "loss until the next sync; use ALWAYS for durable acknowledgements",
                    config.periodicSyncInterval().toMillis(), this.dataDirectory);
        }
    }

    @Override
    public void apply(List<Mutation> batch, Callback<StorageResult<Timestamp>> done) {
        submit(new Request.Apply(List.copyOf(batch), null, null, requireNonNull(done, "done is null")));
    }

    @Override
    public void applyWithState(List<Mutation> batch, Bytes stateKey, Bytes stateValue,
                               Callback<StorageResult<Timestamp>> done) {
        submit(new Request.Apply(List.copyOf(batch), requireNonNull(stateKey, "stateKey is null"),
                requireNonNull(stateValue, "stateValue is null"), requireNonNull(done, "done is null")));
    }

    /**
     * Answers from memory when RocksDB can (memtables and block cache: the common case for hot keys),
     * on the caller's thread and without a hand-over to the reader thread; otherwise queues the read
     * for the reader thread, which may touch the disk. Either way the answer arrives later, on the
     * callback executor.
     */
    @Override
    public void read(RowKey key, Callback<StorageResult<Row>> done) {
        requireNonNull(key, "key is null");
        requireNonNull(done, "done is null");
        StorageResult<Row> inMemory = readIfInMemory(key);
        if (inMemory == null) {
            query(new Request.Read(key, done));
            return;
        }
        try {
            callbackExecutor.execute(Request.completion(done, inMemory));
        } catch (RejectedExecutionException e) {
            LOGGER.warn("storage callback dropped: the callback executor rejected it key={}", key);
        }
    }

    /** The row if memory alone can tell, else null (and null too once closing: the queue then answers). */
    private StorageResult<Row> readIfInMemory(RowKey key) {
        byte[] storageKey;
        try {
            storageKey = DataKeys.encode(key);
        } catch (IllegalArgumentException e) {
            return StorageResult.failed("invalid key " + key + ": " + e.getMessage());
        }
        byte[] value;
        synchronized (lifecycle) { // The database must not be closed under a read.
            if (closing) {
                return null;
            }
            value = recentRows.storedRow(storageKey);
            if (value != null) {
                recentRowReads.incrementAndGet();
            } else {
                // Writes go first: a key is remembered only while the storage thread has little queued.
                if (recentRows.missedBefore(storageKey) && queue.size() < REMEMBER_QUEUE_LIMIT) {
                    queue.offer(new Request.Remember(key, storageKey));
                }
                try {
                    value = database.getDataIfInMemory(storageKey);
                } catch (RocksDBException e) {
                    return StorageResult.failed("read of " + key + " failed: " + StorageFailure.describe(e));
                }
                if (value == Database.NOT_IN_MEMORY) {
                    return null;
                }
            }
        }
        try {
            return StorageResult.ok(value == null || value == RecentRows.NO_ROW ? Row.EMPTY : WriteGroup.decode(key, value));
        } catch (StorageFailure e) {
            return StorageResult.failed(e.getMessage());
        }
    }

    @Override
    public void scan(String keyspace, int slot, Bytes fromKey, int limit, Callback<StorageResult<List<Mutation>>> done) {
        if (slot < 0 || slot >= Slots.COUNT) {
            throw new IllegalArgumentException("slot " + slot + " is out of range (expected: 0.." + (Slots.COUNT - 1) + ")");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("scan limit " + limit + " is invalid (expected: >= 1)");
        }
        query(new Request.Scan(requireNonNull(keyspace, "keyspace is null"), slot,
                requireNonNull(fromKey, "fromKey is null"), limit, requireNonNull(done, "done is null")));
    }

    @Override
    public void purge(String keyspace, int fromSlot, Bytes fromKey, int limit, long purgeBeforeMillis,
                      Callback<StorageResult<PurgeResult>> done) {
        if (fromSlot < 0 || fromSlot >= Slots.COUNT) {
            throw new IllegalArgumentException("slot " + fromSlot + " is out of range (expected: 0.."
                    + (Slots.COUNT - 1) + ")");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("purge limit " + limit + " is invalid (expected: >= 1)");
        }
        submit(new Request.Purge(requireNonNull(keyspace, "keyspace is null"), fromSlot,
                requireNonNull(fromKey, "fromKey is null"), limit, purgeBeforeMillis, requireNonNull(done, "done is null")));
    }

    @Override
    public void putState(Bytes key, Bytes value, Callback<StorageResult<Void>> done) {
        submit(new Request.PutState(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"),
                requireNonNull(done, "done is null")));
    }

    @Override
    public void getState(Bytes key, Callback<StorageResult<Bytes>> done) {
        query(new Request.GetState(requireNonNull(key, "key is null"), requireNonNull(done, "done is null")));
    }

    @Override
    public void putHint(Bytes key, Bytes value, Callback<StorageResult<Void>> done) {
        submit(new Request.WriteHint(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"),
                requireNonNull(done, "done is null")));
    }

    @Override
    public void deleteHint(Bytes key, Callback<StorageResult<Void>> done) {
        submit(new Request.WriteHint(requireNonNull(key, "key is null"), null, requireNonNull(done, "done is null")));
    }

    @Override
    public void scanHints(Bytes prefix, int limit, Callback<StorageResult<List<KeyValue>>> done) {
        if (limit < 1) {
            throw new IllegalArgumentException("scan limit " + limit + " is invalid (expected: >= 1)");
        }
        query(new Request.ScanHints(requireNonNull(prefix, "prefix is null"), limit, requireNonNull(done, "done is null")));
    }

    /** What an acknowledgement promises; the node reports it in INFO. */
    public SyncMode syncMode() {
        return syncMode;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Log syncs so far: one per group commit in ALWAYS mode, one per interval in PERIODIC mode. */
    public long syncCount() {
        return storageLoop.syncCount();
    }

    /** Applies completed successfully so far; with {@link #syncCount} it shows how well commits group. */
    public long applyCount() {
        return storageLoop.applyCount();
    }

    /**
     * Mutations written so far without reading the row they replaced (SETs and DELs newer than a
     * stored row whose newest timestamp the storage thread knew). Counted per mutation, while
     * {@link #applyCount} counts batches; a client's SET or DEL is one batch of one mutation.
     */
    public long writesWithoutReadCount() {
        return storageLoop.writesWithoutReadCount();
    }

    /** Reads answered from the rows of recently written keys kept in memory, without asking RocksDB. */
    /** Keys whose stored rows this engine keeps in memory at most (the recent-rows table's size). */
    public int recentRowsCapacity() {
        return recentRows.capacity();
    }

    public long recentRowReadCount() {
        return recentRowReads.get();
    }

    /** RocksDB's estimate of the number of data rows ({@code rocksdb.estimate-num-keys}), or -1 once closed. */
    public long approximateKeyCount() {
        synchronized (lifecycle) {
            if (released) {
                return -1;
            }
            try {
                return database.approximateKeyCount();
            } catch (RocksDBException e) {
                return -1;
            }
        }
    }

    /** Bytes of all files in the data directory (tables, logs, manifests): what the node costs on disk. */
    public long diskBytes() {
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            return files.mapToLong(RocksDbStorageEngine::sizeOf).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /**
     * Finishes every request queued so far, then releases the database and its lock; later calls
     * complete with a failure. Idempotent. Blocks until done, so it must not be called by a
     * callback when the callback executor runs callbacks on the storage thread.
     */
    @Override
    public void close() {
        if (Thread.currentThread() == storageThread || Thread.currentThread() == readerThread) {
            throw new IllegalStateException("close() was called on the storage thread; call it from another thread");
        }
        synchronized (lifecycle) {
            if (!closing) {
                closing = true;
                putUninterruptibly(STOP, queries);
                putUninterruptibly(STOP, queue);
            }
        }
        joinUninterruptibly(readerThread);
        joinUninterruptibly(storageThread);
    }

    private void submit(Request request) {
        enqueue(request, queue);
    }

    private void query(Request.Query query) {
        enqueue(query, queries);
    }

    private <R extends Request> void enqueue(R request, BlockingQueue<R> target) {
        String failure;
        synchronized (lifecycle) {
            if (closing) {
                failure = "storage engine for " + dataDirectory + " is closed";
            } else if (target.offer(request)) {
                return;
            } else {
                failure = "storage is overloaded: " + config.queuedRequestsMax() + " requests are waiting; retry later";
            }
        }
        // Still answered later and on the callback executor, never on the caller's stack.
        try {
            callbackExecutor.execute(request.failure(failure));
        } catch (RejectedExecutionException e) {
            LOGGER.warn("storage callback dropped: the callback executor rejected it reason={}", failure);
        }
    }

    /** The storage thread releases the database, after the reader thread has stopped using it. */
    private void runStorageThread() {
        try {
            storageLoop.run();
        } finally {
            joinUninterruptibly(readerThread);
            synchronized (lifecycle) {
                released = true;
                database.close();
            }
            LOGGER.info("storage closed dir={}", dataDirectory);
        }
    }

    private static <R extends Request> void putUninterruptibly(R request, BlockingQueue<R> target) {
        boolean interrupted = false;
        while (true) {
            try {
                target.put(request);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (NoSuchFileException e) {
            return 0; // Compaction deleted it while we walked.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
