package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.port.Callback;
import chorus.core.port.KeyValue;
import chorus.core.port.PurgeResult;
import chorus.core.port.StorageResult;
import java.util.List;

/**
 * One call of the storage port, queued for the thread that serves it: writes for the storage
 * (writer) thread, {@link Query queries} for the reader thread.
 */
sealed interface Request {
    /** The completion that reports {@code reason} as this request's failure. */
    Runnable failure(String reason);

    /** A request that only reads: served by the reader thread, never behind a sync. */
    sealed interface Query extends Request {
    }

    /** Merges a batch and, when {@code stateKey} is not null, stores a state value in the same atomic write. */
    record Apply(List<Mutation> batch, Bytes stateKey, Bytes stateValue, Callback<StorageResult<Timestamp>> done)
            implements Request {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    record Read(RowKey key, Callback<StorageResult<Row>> done) implements Query {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    record Scan(String keyspace, int slot, Bytes fromKey, int limit, Callback<StorageResult<List<Mutation>>> done)
            implements Query {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    /** A page of a tombstone purge: a write, staged and committed with its group. */
    record Purge(String keyspace, int fromSlot, Bytes fromKey, int limit, long purgeBeforeMillis,
                 Callback<StorageResult<PurgeResult>> done) implements Request {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    record PutState(Bytes key, Bytes value, Callback<StorageResult<Void>> done) implements Request {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    record GetState(Bytes key, Callback<StorageResult<Bytes>> done) implements Query {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    /**
     * Asks the storage thread, the only writer of {@link RecentRows}, to read {@code key}'s stored row
     * and keep it there, because readers keep asking RocksDB for it. Writes nothing, answers nobody.
     */
    record Remember(RowKey key, byte[] storageKey) implements Request {
        @Override
        public Runnable failure(String reason) {
            return () -> { }; // Nobody waits for it: a lost one only means a later read asks RocksDB.
        }
    }

    /** Puts a hint ({@code value} non-null) or deletes it ({@code value} null), like a state write. */
    record WriteHint(Bytes key, Bytes value, Callback<StorageResult<Void>> done) implements Request {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    record ScanHints(Bytes prefix, int limit, Callback<StorageResult<List<KeyValue>>> done) implements Query {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    /** The last request of an engine: each thread finishes what came before, then stops. */
    record Stop() implements Query {
        @Override
        public Runnable failure(String reason) {
            return () -> { };
        }
    }

    static <T> Runnable completion(Callback<T> done, T result) {
        return () -> done.completed(result);
    }
}
