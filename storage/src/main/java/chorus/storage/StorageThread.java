package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.port.KeyValue;
import chorus.core.port.PurgeResult;
import chorus.core.port.StorageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of the one thread that touches the database. It takes every queued request at once (up
 * to a limit) as one group, and per group:
 * <ol>
 *   <li>stages all writes (applies and state puts) in submission order into one {@link WriteGroup};
 *   <li>commits them as one atomic batch with one sync (D5 group commit: under load many applies
 *       share one fsync, so throughput grows while each acknowledgement stays durable);
 *   <li>runs the group's reads, which therefore see every write submitted before them;
 *   <li>hands all completions, in submission order, to the callback executor as one task.
 * </ol>
 * Reads run here too, not on a reader pool: simplest, and a read can never miss a completed apply.
 */
final class StorageThread implements Runnable {
    private static final Logger LOGGER = LoggerFactory.getLogger(StorageThread.class);

    private final Database database;
    private final BlockingQueue<Request> queue;
    private final SyncMode syncMode;
    private final long periodicSyncNanos;
    private final int groupRequestsMax;
    private final Executor callbackExecutor;
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong applies = new AtomicLong();
    /** PERIODIC mode: something was written since the last sync (an idle node does not fsync). */
    private boolean unsynced;

    StorageThread(Database database, BlockingQueue<Request> queue, SyncMode syncMode, StorageConfig config,
                  Executor callbackExecutor) {
        this.database = database;
        this.queue = queue;
        this.syncMode = syncMode;
        this.periodicSyncNanos = config.periodicSyncInterval().toNanos();
        this.groupRequestsMax = config.groupRequestsMax();
        this.callbackExecutor = callbackExecutor;
    }

    long syncCount() {
        return syncs.get();
    }

    long applyCount() {
        return applies.get();
    }

    /** Runs until it takes a {@link Request.Stop}; in periodic mode syncs once more before returning. */
    @Override
    public void run() {
        List<Request> group = new ArrayList<>();
        long nextSyncNanos = System.nanoTime() + periodicSyncNanos;
        boolean running = true;
        while (running) {
            Request first = take(nextSyncNanos);
            if (first != null) {
                group.add(first);
                queue.drainTo(group, groupRequestsMax - 1);
                running = processSafely(group);
                group.clear();
            }
            if (syncMode == SyncMode.PERIODIC && (!running || System.nanoTime() - nextSyncNanos >= 0)) {
                if (unsynced) {
                    syncPeriodically();
                }
                nextSyncNanos = System.nanoTime() + periodicSyncNanos;
            }
        }
    }

    private Request take(long nextSyncNanos) {
        try {
            if (syncMode == SyncMode.ALWAYS) {
                return queue.take();
            }
            return queue.poll(Math.max(0, nextSyncNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return null; // Nobody else interrupts this thread; the loop just looks again.
        }
    }

    private void syncPeriodically() {
        try {
            database.flushWal(true);
            syncs.incrementAndGet();
            unsynced = false;
        } catch (RocksDBException e) {
            LOGGER.error("storage periodic sync failed dir={} error={}", database.directory(), StorageFailure.describe(e));
        }
    }

    /** A bug in one group must not kill the thread and leave every later caller without an answer. */
    private boolean processSafely(List<Request> group) {
        try {
            return process(group);
        } catch (RuntimeException e) {
            LOGGER.error("storage group failed unexpectedly dir={} requests={}", database.directory(), group.size(), e);
            List<Runnable> failures = new ArrayList<>(group.size());
            for (Request request : group) {
                failures.add(request.failure("internal storage error: " + e));
            }
            dispatch(failures);
            return !(group.get(group.size() - 1) instanceof Request.Stop);
        }
    }

    private boolean process(List<Request> group) {
        WriteGroup writes = new WriteGroup(database);
        String[] stagingFailures = new String[group.size()];
        PurgeResult[] purged = new PurgeResult[group.size()];
        boolean running = true;
        for (int i = 0; i < group.size(); i++) {
            Request request = group.get(i);
            if (request instanceof Request.Apply apply) {
                stagingFailures[i] = writes.stageApply(apply.batch());
            } else if (request instanceof Request.Purge purge) {
                try {
                    purged[i] = writes.stagePurge(purge);
                } catch (StorageFailure e) {
                    stagingFailures[i] = e.getMessage();
                }
            } else if (request instanceof Request.PutState put) {
                writes.stagePut(put.key(), put.value());
            } else if (request instanceof Request.WriteHint hint) {
                writes.stageHint(hint.key(), hint.value());
            } else if (request instanceof Request.Stop) {
                running = false;
            }
        }
        String commitFailure = null;
        if (!writes.isEmpty()) {
            boolean sync = syncMode == SyncMode.ALWAYS;
            commitFailure = writes.commit(sync);
            if (commitFailure == null && sync) {
                syncs.incrementAndGet();
            } else if (commitFailure == null) {
                unsynced = true;
            }
        }
        List<Runnable> completions = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            String failure = stagingFailures[i] != null ? stagingFailures[i] : commitFailure;
            completions.add(group.get(i) instanceof Request.Purge purge
                    ? (failure != null ? purge.failure(failure) : Request.completion(purge.done(), StorageResult.ok(purged[i])))
                    : complete(group.get(i), failure));
        }
        dispatch(completions);
        return running;
    }

    /** The completion of one request, once the group's writes are committed (or failed). */
    private Runnable complete(Request request, String writeFailure) {
        if (request instanceof Request.Apply apply) {
            if (writeFailure != null) {
                return apply.failure(writeFailure);
            }
            applies.incrementAndGet();
            return Request.completion(apply.done(), StorageResult.ok(null));
        } else if (request instanceof Request.PutState put) {
            return writeFailure != null ? put.failure(writeFailure)
                    : Request.completion(put.done(), StorageResult.ok(null));
        } else if (request instanceof Request.WriteHint hint) {
            return writeFailure != null ? hint.failure(writeFailure)
                    : Request.completion(hint.done(), StorageResult.ok(null));
        } else if (request instanceof Request.ScanHints scan) {
            return Request.completion(scan.done(), scanHints(scan));
        } else if (request instanceof Request.Read read) {
            return Request.completion(read.done(), read(read.key()));
        } else if (request instanceof Request.Scan scan) {
            return Request.completion(scan.done(), scan(scan));
        } else if (request instanceof Request.GetState get) {
            return Request.completion(get.done(), getState(get.key()));
        }
        return () -> { }; // Stop has no caller to answer.
    }

    private StorageResult<Row> read(RowKey key) {
        try {
            return StorageResult.ok(WriteGroup.load(database, key, DataKeys.encode(key)));
        } catch (StorageFailure e) {
            return StorageResult.failed(e.getMessage());
        } catch (IllegalArgumentException e) {
            return StorageResult.failed("invalid key " + key + ": " + e.getMessage());
        }
    }

    private StorageResult<List<Mutation>> scan(Request.Scan scan) {
        String keyspace = scan.keyspace();
        byte[] prefix;
        try {
            prefix = DataKeys.slotPrefix(keyspace, scan.slot());
        } catch (IllegalArgumentException e) {
            return StorageResult.failed("invalid scan of " + keyspace + " slot " + scan.slot() + ": " + e.getMessage());
        }
        List<Mutation> rows = new ArrayList<>(Math.min(scan.limit(), 1024));
        StorageFailure[] corrupt = new StorageFailure[1];
        try {
            byte[] from = DataKeys.encode(keyspace, scan.slot(), scan.fromKey());
            database.scanData(from, DataKeys.slotEnd(keyspace, scan.slot()), (storageKey, value) -> {
                RowKey key = new RowKey(keyspace, DataKeys.rowKeyOf(storageKey, prefix.length));
                try {
                    rows.add(new Mutation(key, WriteGroup.decode(key, value)));
                } catch (StorageFailure e) {
                    corrupt[0] = e;
                    return false;
                }
                return rows.size() < scan.limit();
            });
        } catch (RocksDBException e) {
            return StorageResult.failed("scan of " + keyspace + " slot " + scan.slot() + " failed: "
                    + StorageFailure.describe(e));
        }
        return corrupt[0] != null ? StorageResult.failed(corrupt[0].getMessage()) : StorageResult.ok(List.copyOf(rows));
    }

    private StorageResult<List<KeyValue>> scanHints(Request.ScanHints scan) {
        List<KeyValue> entries = new ArrayList<>(Math.min(scan.limit(), 1024));
        try {
            database.scanHints(scan.prefix().arrayUnsafe(), (key, value) -> {
                entries.add(new KeyValue(Bytes.wrapUnsafe(key), Bytes.wrapUnsafe(value)));
                return entries.size() < scan.limit();
            });
        } catch (RocksDBException e) {
            return StorageResult.failed("scan of hints " + scan.prefix() + " failed: " + StorageFailure.describe(e));
        }
        return StorageResult.ok(List.copyOf(entries));
    }

    private StorageResult<Bytes> getState(Bytes key) {
        try {
            byte[] value = database.getState(key.arrayUnsafe());
            return StorageResult.ok(value == null ? null : Bytes.wrapUnsafe(value));
        } catch (RocksDBException e) {
            return StorageResult.failed("read of state " + key + " failed: " + StorageFailure.describe(e));
        }
    }

    /** One task per group: fewer wake-ups of the node thread, and the order is kept by construction. */
    private void dispatch(List<Runnable> completions) {
        try {
            callbackExecutor.execute(() -> {
                for (Runnable completion : completions) {
                    try {
                        completion.run();
                    } catch (RuntimeException e) {
                        // The caller's bug; the other callers of the group still get their answers.
                        LOGGER.error("storage callback threw", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOGGER.warn("storage callbacks dropped: the callback executor rejected them count={}", completions.size());
        }
    }
}
