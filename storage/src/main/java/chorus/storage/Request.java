package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.port.Callback;
import chorus.core.port.KeyValue;
import chorus.core.port.PurgeResult;
import chorus.core.port.StorageResult;
import java.util.List;

/** One call of the storage port, queued for the storage thread. */
sealed interface Request {
    /** The completion that reports {@code reason} as this request's failure. */
    Runnable failure(String reason);

    record Apply(List<Mutation> batch, Callback<StorageResult<Void>> done) implements Request {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    record Read(RowKey key, Callback<StorageResult<Row>> done) implements Request {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    record Scan(String keyspace, int slot, Bytes fromKey, int limit, Callback<StorageResult<List<Mutation>>> done)
            implements Request {
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

    record GetState(Bytes key, Callback<StorageResult<Bytes>> done) implements Request {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    /** Puts a hint ({@code value} non-null) or deletes it ({@code value} null), like a state write. */
    record WriteHint(Bytes key, Bytes value, Callback<StorageResult<Void>> done) implements Request {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    record ScanHints(Bytes prefix, int limit, Callback<StorageResult<List<KeyValue>>> done) implements Request {
        @Override
        public Runnable failure(String reason) {
            return completion(done, StorageResult.failed(reason));
        }
    }

    /** The last request of an engine: the storage thread finishes what came before, then stops. */
    record Stop() implements Request {
        @Override
        public Runnable failure(String reason) {
            return () -> { };
        }
    }

    static <T> Runnable completion(Callback<T> done, T result) {
        return () -> done.completed(result);
    }
}
