package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.port.StorageResult;
import chorus.core.codec.RowCodec;
import chorus.core.codec.WireFormatException;
import chorus.core.port.PurgeResult;
import chorus.core.topology.Slots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writes of one group commit (D5): the merged rows and state values of every request in the
 * group, written as one atomic {@link WriteBatch} with at most one sync.
 *
 * <p>Each apply is a read-modify-write: read the stored row, {@link Row#merge} the mutation into
 * it, write the result. A later apply in the same group must merge into the earlier one's result,
 * which is not in RocksDB yet, so merged rows wait here and reads of them are served from here.
 * Only the storage thread uses a group, which is what serializes merges of one key without locks.
 *
 * <p>Most SETs and DELs skip the read: when {@link RecentRows} knows the stored row's newest
 * timestamp and the incoming row replaces everything up to it, the incoming row is the merge. Other
 * writes read the stored row from {@link RecentRows} when it has it, else from RocksDB. The group
 * keeps {@link RecentRows} exact: it records every row it reads and commits, and forgets the keys
 * it changes while RocksDB commits them.
 */
final class WriteGroup {
    private final Database database;
    private final RecentRows recent;
    /** Mutations staged without reading their stored row. */
    private int readsSkipped;
    /** Storage key → merged row, for rows this group changes; {@link Row#EMPTY} deletes the row. */
    private final Map<Bytes, Row> rows = new LinkedHashMap<>();
    private final Map<Bytes, Bytes> states = new LinkedHashMap<>();
    /** Hint key → value, or null for a deletion. */
    private final Map<Bytes, Bytes> hints = new LinkedHashMap<>();

    WriteGroup(Database database, RecentRows recent) {
        this.database = database;
        this.recent = recent;
    }

    /**
     * Merges a batch into this group, all or nothing.
     *
     * @return when staged, the newest timestamp the batch's rows held before it; otherwise why the
     *         whole batch failed (the group goes on without it)
     */
    StorageResult<Timestamp> stageApply(List<Mutation> batch) {
        Map<Bytes, Row> staged = new LinkedHashMap<>();
        Timestamp newestBefore = Timestamp.MIN;
        for (Mutation mutation : batch) {
            Bytes storageKey;
            try {
                storageKey = Bytes.wrapUnsafe(DataKeys.encode(mutation.key()));
            } catch (IllegalArgumentException e) {
                return StorageResult.failed("invalid key " + mutation.key() + ": " + e.getMessage());
            }
            Row existing = staged.get(storageKey);
            if (existing == null) {
                existing = rows.get(storageKey);
            }
            if (existing == null) {
                Timestamp storedNewest = recent.newest(storageKey.arrayUnsafe());
                if (storedNewest != null && mutation.row().replacesEverythingUpTo(storedNewest)) {
                    newestBefore = Timestamp.max(newestBefore, storedNewest);
                    staged.put(storageKey, mutation.row()); // What Row.merge would give, without the read.
                    readsSkipped++;
                    continue;
                }
                try {
                    existing = storedRow(mutation.key(), storageKey.arrayUnsafe());
                } catch (StorageFailure e) {
                    return StorageResult.failed(e.getMessage());
                }
            }
            newestBefore = Timestamp.max(newestBefore, existing.newestTimestamp());
            Row merged = Row.merge(existing, mutation.row());
            // A duplicate changes nothing, so it writes nothing: redelivered mutations cost no log space.
            if (!merged.equals(existing)) {
                staged.put(storageKey, merged);
            }
        }
        rows.putAll(staged);
        return StorageResult.ok(newestBefore);
    }

    /** The stored row of {@code key}, from {@link RecentRows} or else RocksDB (and then recorded there). */
    private Row storedRow(RowKey key, byte[] storageKey) throws StorageFailure {
        byte[] bytes = recent.storedRow(storageKey);
        if (bytes != null) {
            return bytes == RecentRows.NO_ROW ? Row.EMPTY : decode(key, bytes);
        }
        bytes = readStored(database, key, storageKey);
        Row row = bytes == null ? Row.EMPTY : decode(key, bytes);
        recent.record(storageKey, row.newestTimestamp(), bytes);
        return row;
    }

    /**
     * Stages one page of a tombstone purge: each row from {@code fromKey} on (as this group has it so
     * far) becomes {@link Row#purge}; a row left empty is deleted at commit.
     *
     * @return what the page did
     * @throws StorageFailure when the page could not be read; nothing of it is staged then
     */
    PurgeResult stagePurge(Request.Purge purge) throws StorageFailure {
        byte[] from;
        byte[] end;
        int prefixLength;
        try {
            prefixLength = DataKeys.slotPrefix(purge.keyspace(), purge.fromSlot()).length; // The same for every slot.
            from = DataKeys.encode(purge.keyspace(), purge.fromSlot(), purge.fromKey());
            end = DataKeys.slotEnd(purge.keyspace(), Slots.COUNT - 1);
        } catch (IllegalArgumentException e) {
            throw new StorageFailure("invalid purge of " + purge.keyspace() + " from slot " + purge.fromSlot() + ": "
                    + e.getMessage());
        }
        int[] counts = new int[2];
        PurgeResult[] resume = new PurgeResult[1];
        String[] failure = new String[1];
        Map<Bytes, Row> staged = new LinkedHashMap<>();
        try {
            database.scanData(from, end, (storageKey, value) -> {
                RowKey key = new RowKey(purge.keyspace(), DataKeys.rowKeyOf(storageKey, prefixLength));
                if (counts[0] == purge.limit()) {
                    resume[0] = new PurgeResult(counts[0], counts[1], DataKeys.slotOf(storageKey, prefixLength), key.key());
                    return false;
                }
                counts[0]++;
                Bytes stagedKey = Bytes.wrapUnsafe(storageKey);
                Row row = rows.get(stagedKey);
                try {
                    row = row != null ? row : decode(key, value);
                } catch (StorageFailure e) {
                    failure[0] = e.getMessage();
                    return false;
                }
                Row purged = row.purge(purge.purgeBeforeMillis());
                if (purged != row) {
                    counts[1]++;
                    staged.put(stagedKey, purged);
                }
                return true;
            });
        } catch (RocksDBException e) {
            throw new StorageFailure("purge of " + purge.keyspace() + " from slot " + purge.fromSlot() + " failed: "
                    + StorageFailure.describe(e));
        }
        if (failure[0] != null) {
            throw new StorageFailure(failure[0]);
        }
        rows.putAll(staged);
        return resume[0] != null ? resume[0] : PurgeResult.last(counts[0], counts[1]);
    }

    /**
     * Reads {@code key}'s stored row into {@link RecentRows} unless it is known there already or this
     * group changes it (its commit records it). Writes nothing; a failed read is only a missed chance.
     */
    void stageRemember(RowKey key, byte[] storageKey) {
        if (rows.containsKey(Bytes.wrapUnsafe(storageKey)) || recent.newest(storageKey) != null) {
            return;
        }
        try {
            storedRow(key, storageKey);
        } catch (StorageFailure e) {
            // The next read asks RocksDB, and reports the failure if it persists.
        }
    }

    void stagePut(Bytes key, Bytes value) {
        states.put(key, value);
    }

    void stageHint(Bytes key, Bytes valueOrNull) {
        hints.put(key, valueOrNull);
    }

    /** Mutations this group staged without reading their stored row. */
    int readsSkipped() {
        return readsSkipped;
    }

    /** Whether {@link #commit} would write anything. */
    boolean isEmpty() {
        return rows.isEmpty() && states.isEmpty() && hints.isEmpty();
    }

    /**
     * Writes every staged row and state value in one atomic batch.
     *
     * @return {@code null} on success, or why nothing of the group was written
     */
    String commit(boolean sync) {
        byte[][] encoded = new byte[rows.size()][];
        try (WriteBatch batch = new WriteBatch()) {
            int index = 0;
            for (Map.Entry<Bytes, Row> row : rows.entrySet()) {
                if (row.getValue().isEmpty()) {
                    database.deleteData(batch, row.getKey().arrayUnsafe()); // Purged away: scans must not see it.
                } else {
                    encoded[index] = RowCodec.encode(row.getValue());
                    database.putData(batch, row.getKey().arrayUnsafe(), encoded[index]);
                }
                index++;
            }
            for (Map.Entry<Bytes, Bytes> state : states.entrySet()) {
                database.putState(batch, state.getKey().arrayUnsafe(), state.getValue().arrayUnsafe());
            }
            for (Map.Entry<Bytes, Bytes> hint : hints.entrySet()) {
                if (hint.getValue() == null) {
                    database.deleteHint(batch, hint.getKey().arrayUnsafe());
                } else {
                    database.putHint(batch, hint.getKey().arrayUnsafe(), hint.getValue().arrayUnsafe());
                }
            }
            // From here until each row is recorded again, readers of these keys ask RocksDB, which
            // shows the old row until the commit and the new one after it; should the commit fail,
            // the keys stay unknown there rather than wrong.
            for (Bytes key : rows.keySet()) {
                recent.forget(key.arrayUnsafe());
            }
            database.write(batch, sync);
            index = 0;
            for (Map.Entry<Bytes, Row> row : rows.entrySet()) {
                recent.record(row.getKey().arrayUnsafe(), row.getValue().newestTimestamp(), encoded[index++]);
            }
            return null;
        } catch (RocksDBException e) {
            return "write of " + (rows.size() + states.size() + hints.size()) + " entries to " + database.directory()
                    + " failed: " + StorageFailure.describe(e);
        }
    }

    /** The stored row of {@code key}, or {@link Row#EMPTY}. */
    static Row load(Database database, RowKey key, byte[] storageKey) throws StorageFailure {
        byte[] bytes = readStored(database, key, storageKey);
        return bytes == null ? Row.EMPTY : decode(key, bytes);
    }

    /** The stored encoding of {@code key}'s row, or null when it has none. */
    private static byte[] readStored(Database database, RowKey key, byte[] storageKey) throws StorageFailure {
        try {
            return database.getData(storageKey);
        } catch (RocksDBException e) {
            throw new StorageFailure("read of " + key + " failed: " + StorageFailure.describe(e));
        }
    }

    static Row decode(RowKey key, byte[] bytes) throws StorageFailure {
        try {
            return RowCodec.decode(bytes);
        } catch (WireFormatException | IllegalArgumentException e) {
            throw new StorageFailure("stored row of " + key + " is corrupt (" + bytes.length + " bytes): "
                    + e.getMessage());
        }
    }
}
