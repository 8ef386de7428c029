package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.Row;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The committed rows of recently written keys, decoded, so that a write's read-modify-write and a
 * read on the event loop skip RocksDB for them.
 *
 * <p>Why it exists: profiles of a loaded node showed a third of the storage thread's time in the
 * {@code get} that precedes every merge, and a sixth of the event loop's time in the {@code get} of
 * in-memory reads (memtable skip-list searches, table lookups, a copy across JNI and a decode). A
 * key written a moment ago is usually written or read again soon.
 *
 * <p>Why it is correct: only the storage thread puts, and only after the batch holding the row is
 * committed (synced, in ALWAYS mode) and before its completions are dispatched. So an entry is
 * never newer than what RocksDB holds durably, and never older than any apply that has completed.
 * A miss falls through to RocksDB, which is never older than the cache. Readers never put: a
 * reader's row could be overtaken by a commit between its read and its put.
 *
 * <p>Bounded by an estimate of its heap use; when over it, it evicts entries in the map's own
 * iteration order, which is close to random: no bookkeeping on the read path.
 */
final class RowCache {
    /** Per-entry overhead beyond the key and the encoded row: map node, Bytes, Row, cell map. */
    private static final int ENTRY_OVERHEAD_BYTES = 200;

    private final ConcurrentHashMap<Bytes, Entry> rows = new ConcurrentHashMap<>();
    private final long capacityBytes;
    /** Storage thread only. */
    private long weightBytes;
    /** Storage thread only: where eviction resumes. */
    private Iterator<Entry> evictor;

    private record Entry(Row row, int weight) {
    }

    RowCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** The committed row of {@code storageKey} ({@link Row#EMPTY} if deleted), or null if not cached. Any thread. */
    Row get(Bytes storageKey) {
        if (capacityBytes == 0) {
            return null;
        }
        Entry entry = rows.get(storageKey);
        return entry == null ? null : entry.row;
    }

    /**
     * Records the row a commit just wrote. Storage thread only, after the commit succeeded.
     *
     * @param encodedLength the row's size as stored, which stands in for its size in the heap
     */
    void put(Bytes storageKey, Row row, int encodedLength) {
        if (capacityBytes == 0) {
            return;
        }
        int weight = storageKey.length() + encodedLength + ENTRY_OVERHEAD_BYTES;
        Entry previous = rows.put(storageKey, new Entry(row, weight));
        weightBytes += weight - (previous == null ? 0 : previous.weight);
        while (weightBytes > capacityBytes) {
            evictOne();
        }
    }

    private void evictOne() {
        if (evictor == null || !evictor.hasNext()) {
            evictor = rows.values().iterator();
        }
        Entry victim = evictor.next();
        evictor.remove();
        weightBytes -= victim.weight;
    }

    /** Entries now held; for tests and INFO. */
    int size() {
        return rows.size();
    }

    /** Estimated heap bytes now held; never above the capacity once a put returns. */
    long weightBytes() {
        return weightBytes;
    }
}
