package chorus.storage;

import chorus.core.model.Timestamp;
import chorus.core.port.PurgeResult;
import chorus.core.port.StorageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of the one thread that writes the database. It takes every queued write at once (up to
 * a limit) as one group, and per group:
 * <ol>
 *   <li>stages all writes (applies, state and hint writes) in submission order into one {@link WriteGroup};
 *   <li>commits them as one atomic batch with one sync (D5 group commit: under load many applies
 *       share one fsync, so throughput grows while each acknowledgement stays durable);
 *   <li>hands all completions, in submission order, to the callback executor as one task.
 * </ol>
 * Merges of one key are serialized by this thread without locks. Reads are served by the
 * {@link ReaderThread}, so they never wait behind a sync.
 */
final class StorageThread implements Runnable {
    private static final Logger LOGGER = LoggerFactory.getLogger(StorageThread.class);

    private final Database database;
    private final BlockingQueue<Request> queue;
    private final SyncMode syncMode;
    private final long periodicSyncNanos;
    private final int groupRequestsMax;
    private final CompletionDispatcher dispatcher;
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong applies = new AtomicLong();
    private final AtomicLong writesWithoutRead = new AtomicLong();
    /** Lets most SETs and DELs skip the read before their merge; only this thread writes it. */
    private final RecentRows recent;
    /** PERIODIC mode: something was written since the last sync (an idle node does not fsync). */
    private boolean unsynced;

    StorageThread(Database database, BlockingQueue<Request> queue, SyncMode syncMode, StorageConfig config,
                  CompletionDispatcher dispatcher, RecentRows recent) {
        this.database = database;
        this.queue = queue;
        this.syncMode = syncMode;
        this.periodicSyncNanos = config.periodicSyncInterval().toNanos();
        this.groupRequestsMax = config.groupRequestsMax();
        this.dispatcher = dispatcher;
        this.recent = recent;
    }

    long syncCount() {
        return syncs.get();
    }

    long applyCount() {
        return applies.get();
    }

    long writesWithoutReadCount() {
        return writesWithoutRead.get();
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
            dispatcher.dispatch(failures);
            return !(group.get(group.size() - 1) instanceof Request.Stop);
        }
    }

    private boolean process(List<Request> group) {
        WriteGroup writes = new WriteGroup(database, recent);
        List<StorageResult<Timestamp>> staged = new ArrayList<>(group.size());
        PurgeResult[] purged = new PurgeResult[group.size()];
        String[] purgeFailures = new String[group.size()];
        boolean running = true;
        for (Request request : group) {
            StorageResult<Timestamp> outcome = null;
            if (request instanceof Request.Apply apply) {
                outcome = writes.stageApply(apply.batch());
                if (apply.stateKey() != null && outcome instanceof StorageResult.Ok) {
                    writes.stagePut(apply.stateKey(), apply.stateValue());
                }
            } else if (request instanceof Request.Purge purge) {
                try {
                    purged[staged.size()] = writes.stagePurge(purge);
                } catch (StorageFailure e) {
                    purgeFailures[staged.size()] = e.getMessage();
                }
            } else if (request instanceof Request.PutState put) {
                writes.stagePut(put.key(), put.value());
            } else if (request instanceof Request.WriteHint hint) {
                writes.stageHint(hint.key(), hint.value());
            } else if (request instanceof Request.Remember remember) {
                writes.stageRemember(remember.key(), remember.storageKey());
            } else if (request instanceof Request.Stop) {
                running = false;
            } else {
                throw new IllegalStateException("a query reached the storage thread: " + request);
            }
            staged.add(outcome);
        }
        String commitFailure = null;
        if (!writes.isEmpty()) {
            boolean sync = syncMode == SyncMode.ALWAYS;
            commitFailure = writes.commit(sync);
            if (commitFailure == null) {
                writesWithoutRead.addAndGet(writes.readsSkipped());
            }
            if (commitFailure == null && sync) {
                syncs.incrementAndGet();
            } else if (commitFailure == null) {
                unsynced = true;
            }
        }
        List<Runnable> completions = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            Request request = group.get(i);
            if (request instanceof Request.Purge purge) {
                String failure = purgeFailures[i] != null ? purgeFailures[i] : commitFailure;
                completions.add(failure != null ? purge.failure(failure)
                        : Request.completion(purge.done(), StorageResult.ok(purged[i])));
            } else {
                completions.add(complete(request, staged.get(i), commitFailure));
            }
        }
        dispatcher.dispatch(completions);
        return running;
    }

    /** The completion of one write, once the group's batch is committed (or failed). */
    private Runnable complete(Request request, StorageResult<Timestamp> staged, String commitFailure) {
        if (request instanceof Request.Apply apply) {
            if (staged instanceof StorageResult.Failed<Timestamp> failed) {
                return apply.failure(failed.reason());
            }
            if (commitFailure != null) {
                return apply.failure(commitFailure);
            }
            applies.incrementAndGet();
            return Request.completion(apply.done(), staged);
        } else if (request instanceof Request.PutState put) {
            return commitFailure != null ? put.failure(commitFailure)
                    : Request.completion(put.done(), StorageResult.ok(null));
        } else if (request instanceof Request.WriteHint hint) {
            return commitFailure != null ? hint.failure(commitFailure)
                    : Request.completion(hint.done(), StorageResult.ok(null));
        }
        return () -> { }; // Stop and Remember have no caller to answer.
    }
}
