package chorus.storage;

import chorus.core.model.Timestamp;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The stored rows of recently written keys, and their newest timestamps: a cache in front of
 * RocksDB that the storage thread keeps exact and any thread may read.
 *
 * <p>Why it exists. A RocksDB point read costs 6-10 µs here (the memtable's skip list, then the
 * filter, index and data blocks of each level through the block cache); the event loop made one
 * for every GET, and they were 41% of its CPU at pipeline 16 (bench/RESULTS.md). A copy out of this
 * table costs well under a microsecond. The storage thread needs even less: most SETs and DELs
 * merge without the stored row, knowing only its newest timestamp (see {@link WriteGroup#stageApply}).
 *
 * <p>Why it looks like this. A map of objects would be updated on every write, so its entries
 * would outlive young collections and die in the old generation; an in-heap row cache did exactly
 * that and tripled G1's young pauses (bench/RESULTS.md, session 3). This table is three arrays
 * allocated once and overwritten in place: a write allocates nothing here, and the collector has
 * no references in it to trace. It is set-associative with two choices: a key may sit in either of
 * two buckets of 4 entries picked by its hash, and a new key takes an empty entry of the emptier one;
 * when both are full, the entry with the oldest timestamp of the eight gives way. With one bucket per
 * key, 100,000 keys in the 262,144 entries left 1.7% of them out for good (their bucket had more than
 * four), and each of those cost a RocksDB read on every write and read; with two, none is left out
 * at that load (bench/RESULTS.md, session 6). Keys are compared whole, never by hash alone; keys longer
 * than {@link #KEY_BYTES} are not kept, and rows longer than {@link #ROW_BYTES} keep only their
 * timestamp.
 *
 * <p>Invariant that makes it safe: for every key it holds, the timestamp is the stored row's
 * newest timestamp and the row, when kept, is the stored row's encoding. The storage thread, the
 * only writer of rows, records each row it reads and each row it commits, and forgets a key before
 * committing a change to it, so between RocksDB's commit and the new record a reader finds nothing
 * here and asks RocksDB, and a failed commit leaves the key unknown rather than stale. A key it does
 * not hold costs a RocksDB read, as before; a key that readers miss twice in a short while is read
 * and recorded by the storage thread too ({@link #missedBefore}), so read-mostly keys enter as well.
 *
 * <p>Concurrency: only the storage thread writes. Each entry has a stamp, odd while the entry is
 * being rewritten (a sequence lock); a reader copies what it needs and keeps it only if the stamp
 * was even and unchanged around the copy, so it never returns a row torn by a concurrent write.
 */
final class RecentRows {
    /** Longest storage key kept; Redis-style keys are far shorter. */
    static final int KEY_BYTES = 40;
    /** Longest encoded row kept whole: a string value of up to about 120 bytes with its timestamps. */
    static final int ROW_BYTES = 152;
    /** Heap per entry: its four longs, its key and its row. */
    static final int ENTRY_BYTES = 4 * Long.BYTES + KEY_BYTES + ROW_BYTES;
    /** What {@link #storedRow} answers for a key known to have no stored row (compare by identity). */
    static final byte[] NO_ROW = new byte[0];

    private static final int WAYS = 4;
    /** Longs per entry: stamp, key hash, timestamp time, and {@link #info}. */
    private static final int STRIDE = 4;
    /** Most entries a table of the default size holds: 59 MB of heap. */
    static final int DEFAULT_CAPACITY = 1 << 18;
    /** Most entries any table holds: its rows array (152 bytes each) must stay within one Java array. */
    static final int MAX_CAPACITY = 1 << 23;
    private static final int EMPTY = 0xffff;
    private static final int ROW_NOT_KEPT = 0xffff;
    private static final int ROW_ABSENT = 0xfffe;
    private static final VarHandle STAMPS = MethodHandles.arrayElementVarHandle(long[].class);

    /** Keys' hashes that readers asked for and did not find, one per slot; see {@link #missedBefore}. */
    private final long[] misses;
    private final int missMask;
    private final int bucketMask;
    private final long[] entries;
    private final byte[] keys;
    private final byte[] rows;
    /** Per process, so that nobody can choose keys that all land in one bucket. */
    private final long seed = ThreadLocalRandom.current().nextLong();

    /**
     * Entries for a node whose heap is at most {@code maxHeapBytes}: a power of two that takes at most
     * a quarter of the heap, and at most {@link #DEFAULT_CAPACITY}. The table is allocated whole at
     * start, so a node started with a small heap must get a small table, not an OutOfMemoryError.
     */
    static int capacityForHeap(long maxHeapBytes) {
        long affordable = Math.max(WAYS, maxHeapBytes / 4 / ENTRY_BYTES);
        return Integer.highestOneBit((int) Math.min(DEFAULT_CAPACITY, affordable));
    }

    /** Entries that {@code bytes} of heap hold: a power of two, at least {@link #WAYS}, at most {@link #MAX_CAPACITY}. */
    static int capacityForBytes(long bytes) {
        return Integer.highestOneBit((int) Math.max(WAYS, Math.min(MAX_CAPACITY, bytes / ENTRY_BYTES)));
    }

    /** @param capacity entries kept at most; rounded up to a power of two of at least {@link #WAYS} */
    RecentRows(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity + " is invalid (expected: 1.." + MAX_CAPACITY + ")");
        }
        int buckets = Integer.highestOneBit(Math.max(1, (capacity + WAYS - 1) / WAYS - 1) << 1);
        this.bucketMask = buckets - 1;
        this.entries = new long[buckets * WAYS * STRIDE];
        this.keys = new byte[buckets * WAYS * KEY_BYTES];
        this.rows = new byte[buckets * WAYS * ROW_BYTES];
        this.misses = new long[buckets * WAYS / 4];
        this.missMask = misses.length - 1;
        for (int entry = 0; entry < buckets * WAYS; entry++) {
            entries[entry * STRIDE + 3] = info(0, ROW_NOT_KEPT, EMPTY);
        }
    }

    /** Entries this table can hold. */
    int capacity() {
        return (bucketMask + 1) * WAYS;
    }

    /**
     * The stored row's newest timestamp for {@code key} ({@link Timestamp#MIN}: no row), or null if
     * not known. Storage thread only.
     */
    Timestamp newest(byte[] key) {
        if (key.length > KEY_BYTES) {
            return null;
        }
        int entry = find(key, hash(key));
        if (entry < 0) {
            return null;
        }
        long info = entries[entry * STRIDE + 3];
        return new Timestamp(entries[entry * STRIDE + 2], (int) (info >>> 32));
    }

    /**
     * Records the stored row of {@code key}: its newest timestamp and its encoding ({@code null}: the
     * key has no stored row). Storage thread only, after the row is committed or as it was read.
     */
    void record(byte[] key, Timestamp newest, byte[] encodedRow) {
        if (key.length > KEY_BYTES) {
            return;
        }
        long hash = hash(key);
        int entry = find(key, hash);
        if (entry < 0) {
            entry = victim(hash);
        }
        int rowLength = encodedRow == null ? ROW_ABSENT : encodedRow.length <= ROW_BYTES ? encodedRow.length : ROW_NOT_KEPT;
        int base = entry * STRIDE;
        beginWrite(base);
        entries[base + 1] = hash;
        entries[base + 2] = newest.time();
        entries[base + 3] = info(newest.node(), rowLength, key.length);
        System.arraycopy(key, 0, keys, entry * KEY_BYTES, key.length);
        if (rowLength <= ROW_BYTES) {
            System.arraycopy(encodedRow, 0, rows, entry * ROW_BYTES, rowLength);
        }
        endWrite(base);
    }

    /**
     * Drops what this table knows of {@code key}, before the storage thread commits a change to its
     * row: until {@link #record} after the commit, readers ask RocksDB (which shows the old row until
     * the commit and the new one after it) and the key's next write reads before its merge. If the
     * commit or anything after it fails, the key stays unknown, never wrong. Storage thread only.
     */
    void forget(byte[] key) {
        if (key.length > KEY_BYTES) {
            return;
        }
        int entry = find(key, hash(key));
        if (entry < 0) {
            return;
        }
        int base = entry * STRIDE;
        beginWrite(base);
        entries[base + 3] = info(0, ROW_NOT_KEPT, EMPTY);
        endWrite(base);
    }

    /**
     * The stored row's encoding for {@code key} (a copy), {@link #NO_ROW} when the key is known to
     * have no stored row, or null when this table cannot tell (ask RocksDB). Any thread.
     */
    byte[] storedRow(byte[] key) {
        if (key.length > KEY_BYTES) {
            return null;
        }
        long hash = hash(key);
        int first = firstBucketOf(hash);
        int second = secondBucketOf(hash);
        for (int bucket = first; ; bucket = second) {
            for (int entry = bucket * WAYS; entry < bucket * WAYS + WAYS; entry++) {
                int base = entry * STRIDE;
                long stamp = (long) STAMPS.getAcquire(entries, base);
                if ((stamp & 1) != 0) {
                    continue; // Being rewritten; if it was this key's entry, the key reads as unknown.
                }
                long info = entries[base + 3];
                if (entries[base + 1] != hash || keyLength(info) != key.length
                        || !Arrays.equals(keys, entry * KEY_BYTES, entry * KEY_BYTES + key.length, key, 0, key.length)) {
                    continue;
                }
                int rowLength = rowLength(info);
                byte[] row = rowLength == ROW_ABSENT ? NO_ROW
                        : rowLength <= ROW_BYTES ? Arrays.copyOfRange(rows, entry * ROW_BYTES, entry * ROW_BYTES + rowLength)
                        : null;
                VarHandle.loadLoadFence(); // The copy is complete before the stamp is looked at again.
                return (long) STAMPS.getOpaque(entries, base) == stamp ? row : null;
            }
            if (bucket == second) {
                return null;
            }
        }
    }

    /**
     * Whether a reader that did not find {@code key} here has recently missed it before: a key read
     * twice is worth keeping, a key read once (a scan, a cold key) is not, so that reads fill the
     * table only with keys that come back. Remembers this miss otherwise. Any thread; racing readers
     * may lose each other's misses, which only delays a key's admission.
     */
    boolean missedBefore(byte[] key) {
        if (key.length > KEY_BYTES) {
            return false;
        }
        long hash = hash(key) | 1; // Never 0, the value of an empty slot.
        int slot = (int) (hash >>> 40) & missMask;
        if (misses[slot] == hash) {
            misses[slot] = 0;
            return true;
        }
        misses[slot] = hash;
        return false;
    }

    private void beginWrite(int base) {
        STAMPS.setOpaque(entries, base, entries[base] + 1);
        VarHandle.storeStoreFence(); // Readers see the odd stamp before any of the rewrite.
    }

    private void endWrite(int base) {
        STAMPS.setRelease(entries, base, entries[base] + 1);
    }

    private int find(byte[] key, long hash) {
        int entry = findIn(firstBucketOf(hash), key, hash);
        return entry >= 0 ? entry : findIn(secondBucketOf(hash), key, hash);
    }

    private int findIn(int bucket, byte[] key, long hash) {
        for (int entry = bucket * WAYS; entry < bucket * WAYS + WAYS; entry++) {
            long info = entries[entry * STRIDE + 3];
            if (keyLength(info) == key.length && entries[entry * STRIDE + 1] == hash
                    && Arrays.equals(keys, entry * KEY_BYTES, entry * KEY_BYTES + key.length, key, 0, key.length)) {
                return entry;
            }
        }
        return -1;
    }

    /**
     * Where a key not held yet goes: an empty entry of the emptier of its two buckets, else the entry
     * holding the oldest timestamp of both (the least likely to be written again soon).
     */
    private int victim(long hash) {
        int first = firstBucketOf(hash);
        int second = secondBucketOf(hash);
        int emptyInFirst = emptyEntryIn(first);
        int emptyInSecond = emptyEntryIn(second);
        if (emptyInFirst >= 0 || emptyInSecond >= 0) {
            if (emptyInSecond < 0 || (emptyInFirst >= 0 && occupied(first) <= occupied(second))) {
                return emptyInFirst;
            }
            return emptyInSecond;
        }
        int oldest = first * WAYS;
        for (int bucket = first; ; bucket = second) {
            for (int entry = bucket * WAYS; entry < bucket * WAYS + WAYS; entry++) {
                if (entries[entry * STRIDE + 2] < entries[oldest * STRIDE + 2]) {
                    oldest = entry;
                }
            }
            if (bucket == second) {
                return oldest;
            }
        }
    }

    private int emptyEntryIn(int bucket) {
        for (int entry = bucket * WAYS; entry < bucket * WAYS + WAYS; entry++) {
            if (keyLength(entries[entry * STRIDE + 3]) == EMPTY) {
                return entry;
            }
        }
        return -1;
    }

    private int occupied(int bucket) {
        int count = 0;
        for (int entry = bucket * WAYS; entry < bucket * WAYS + WAYS; entry++) {
            if (keyLength(entries[entry * STRIDE + 3]) != EMPTY) {
                count++;
            }
        }
        return count;
    }

    /** Timestamp node in the high 32 bits, row length (or a marker) in the next 16, key length (or EMPTY) in the low 16. */
    private static long info(int node, int rowLength, int keyLength) {
        return ((long) node << 32) | ((long) rowLength << 16) | keyLength;
    }

    private static int rowLength(long info) {
        return (int) (info >>> 16) & 0xffff;
    }

    private static int keyLength(long info) {
        return (int) info & 0xffff;
    }

    private int firstBucketOf(long hash) {
        return (int) (hash ^ (hash >>> 32)) & bucketMask;
    }

    /** A second bucket from a remix of the hash, so that keys sharing their first bucket rarely share this one. */
    private int secondBucketOf(long hash) {
        long remixed = hash * 0xC2B2AE3D27D4EB4FL;
        return (int) (remixed >>> 32) & bucketMask;
    }

    private long hash(byte[] key) {
        long hash = seed ^ key.length;
        for (byte b : key) {
            hash = (hash ^ (b & 0xff)) * 0x9E3779B97F4A7C15L;
        }
        return hash ^ (hash >>> 29);
    }
}
