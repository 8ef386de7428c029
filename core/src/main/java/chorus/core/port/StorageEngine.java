package chorus.core.port;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import java.util.List;

/**
 * A node's durable state. Every method returns at once; {@code done} is called later, exactly once,
 * on the node thread. Implementations: RocksDB in production, an in-memory engine with crash
 * semantics in the simulation; both pass the same contract tests.
 *
 * <p>Data rows are merged, never overwritten: {@link #apply} merges each mutation's row into the
 * stored row with {@link Row#merge}, so duplicated or reordered mutations are harmless.
 */
public interface StorageEngine {
    /**
     * Merges every mutation of the batch. {@code done} reports success only once the whole batch is
     * durable (D5: in the synced write-ahead log), so a replica may acknowledge it; after a crash a
     * batch is either wholly present or wholly absent. Completions arrive in submission order.
     *
     * <p>On success the result is the newest timestamp the batch's rows held just before it was
     * merged in ({@link Timestamp#MIN} when they held nothing). A replica reports it to the
     * coordinator (write restamping, D3); the merge reads the old row anyway, so this costs nothing,
     * where a separate read before the apply would cost a second trip through storage.
     */
    void apply(List<Mutation> batch, Callback<StorageResult<Timestamp>> done);

    /**
     * Like {@link #apply}, and in the same atomic, durable write stores {@code stateValue} under
     * {@code stateKey} (as {@link #putState}): after a crash both or neither are present. Paxos
     * records a commit so, in one sync instead of two, and never claims a commit whose data is lost.
     */
    void applyWithState(List<Mutation> batch, Bytes stateKey, Bytes stateValue, Callback<StorageResult<Timestamp>> done);

    /**
     * The stored row, or {@link Row#EMPTY} when the key has none. Sees every completed apply; an
     * apply still in progress may or may not be seen (reads need not wait behind a sync).
     */
    void read(RowKey key, Callback<StorageResult<Row>> done);

    /**
     * Up to {@code limit} rows of one slot of one keyspace, in key order, starting at
     * {@code fromKey} (inclusive; {@link Bytes#EMPTY} for the start of the slot).
     */
    void scan(String keyspace, int slot, Bytes fromKey, int limit, Callback<StorageResult<List<Mutation>>> done);

    /**
     * Purges tombstones (D4) from up to {@code limit} rows of one keyspace, in (slot, key) order from
     * slot {@code fromSlot}, key {@code fromKey} (inclusive): one call can cross slots, so a sweep of
     * a keyspace with little data costs a few calls, not one per slot. Each row becomes {@link Row#purge Row.purge(purgeBeforeMillis)},
     * and a row left empty is deleted, so scans never see it again. Like {@link #apply} it is durable
     * when {@code done} reports success, and ordered with the other writes: an apply submitted before
     * it is purged as if applied first, one submitted after merges into the purged row. Rows that
     * only a concurrent, not yet completed apply creates may be skipped; the next sweep gets them.
     */
    void purge(String keyspace, int fromSlot, Bytes fromKey, int limit, long purgeBeforeMillis,
               Callback<StorageResult<PurgeResult>> done);

    /** Stores a value of the node's own state (not replicated data), durably. */
    void putState(Bytes key, Bytes value, Callback<StorageResult<Void>> done);

    /** A value of the node's own state, or {@code null} when absent. */
    void getState(Bytes key, Callback<StorageResult<Bytes>> done);

    /*
     * Hints (D8, D10) are a queue per target node that is appended to, read in order and deleted
     * entry by entry: operations that putState/getState cannot express (no deletion, no scan), kept
     * in a store of their own (RocksDB's "hints" column family) so that a burst of hints never
     * shares compactions with data. Keys and values are opaque here; core encodes them.
     */

    /** Stores a hint durably (like {@link #apply}), replacing any with the same key. */
    void putHint(Bytes key, Bytes value, Callback<StorageResult<Void>> done);

    /** Deletes a hint durably; deleting an absent key succeeds. */
    void deleteHint(Bytes key, Callback<StorageResult<Void>> done);

    /** Up to {@code limit} hints whose keys start with {@code prefix}, in unsigned key order. */
    void scanHints(Bytes prefix, int limit, Callback<StorageResult<List<KeyValue>>> done);
}
