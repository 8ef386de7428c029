package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.port.KeyValue;
import chorus.core.port.StorageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of the thread that serves {@link Request.Query queries} (reads, scans, state and hint
 * lookups). Reads used to share the storage thread with writes and so waited behind every group
 * commit's fsync: a GET at replication factor 1 took milliseconds on an idle disk. RocksDB reads
 * are thread-safe and a synced write becomes visible only once its sync is done, so a query here
 * sees every completed apply and never a write that is not yet durable; an apply still in
 * progress may or may not be seen, which is what the port promises. Like the storage thread, it
 * takes every queued query at once and hands their completions over as one task.
 */
final class ReaderThread implements Runnable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReaderThread.class);

    private final Database database;
    private final BlockingQueue<Request.Query> queue;
    private final int groupRequestsMax;
    private final CompletionDispatcher dispatcher;

    ReaderThread(Database database, BlockingQueue<Request.Query> queue, StorageConfig config,
                 CompletionDispatcher dispatcher) {
        this.database = database;
        this.queue = queue;
        this.groupRequestsMax = config.groupRequestsMax();
        this.dispatcher = dispatcher;
    }

    /** Runs until it takes a {@link Request.Stop}, answering every query queued before it. */
    @Override
    public void run() {
        List<Request.Query> group = new ArrayList<>();
        boolean running = true;
        while (running) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                continue; // Nobody else interrupts this thread; the loop just looks again.
            }
            queue.drainTo(group, groupRequestsMax - 1);
            List<Runnable> completions = new ArrayList<>(group.size());
            for (Request.Query query : group) {
                if (query instanceof Request.Stop) {
                    running = false;
                } else {
                    completions.add(answerSafely(query));
                }
            }
            dispatcher.dispatch(completions);
            group.clear();
        }
    }

    /** A bug in one query must not kill the thread and leave every later caller without an answer. */
    private Runnable answerSafely(Request.Query query) {
        try {
            return answer(query);
        } catch (RuntimeException e) {
            LOGGER.error("storage query failed unexpectedly dir={}", database.directory(), e);
            return query.failure("internal storage error: " + e);
        }
    }

    private Runnable answer(Request.Query query) {
        if (query instanceof Request.Read read) {
            return Request.completion(read.done(), read(read.key()));
        } else if (query instanceof Request.Scan scan) {
            return Request.completion(scan.done(), scan(scan));
        } else if (query instanceof Request.GetState get) {
            return Request.completion(get.done(), getState(get.key()));
        } else if (query instanceof Request.ScanHints scan) {
            return Request.completion(scan.done(), scanHints(scan));
        }
        throw new IllegalStateException("not a query: " + query);
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
}
