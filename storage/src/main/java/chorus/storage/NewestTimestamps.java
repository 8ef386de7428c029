package chorus.storage;

import chorus.core.model.Timestamp;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The newest timestamp of the stored rows of recently written keys, so that most SETs and DELs
 * merge without reading the row they replace (see {@link WriteGroup#stageApply}).
 *
 * <p>Why this exists: a write is a read-modify-write, and the read (a RocksDB get through the
 * memtables and table files) was 35-43% of the storage thread's CPU. But a row with a key
 * tombstone at T (every SET and DEL has one) merged over a row whose newest timestamp is older
 * than T is simply itself, so such a write needs to know only that one timestamp.
 *
 * <p>Why it looks like this: a map of objects would be updated on every write, so its entries
 * would outlive young collections and die in the old generation; an in-heap row cache did exactly
 * that and tripled G1's young pauses (bench/RESULTS.md, session 3). This table is two arrays
 * allocated once and overwritten in place: a write allocates nothing here. It is set-associative
 * (4 entries per bucket); a full bucket gives up the entry with the oldest timestamp. Keys are
 * compared whole, never by hash alone, and keys longer than {@link #KEY_BYTES} are not kept.
 *
 * <p>Invariant that makes it safe: for every key it holds, the timestamp is the stored row's
 * newest timestamp (the storage thread, the only writer of rows, records each row it reads and
 * each row it commits). A key it does not hold costs a read, as before. Only the storage thread
 * uses it.
 */
final class NewestTimestamps {
    /** Longest storage key kept; Redis-style keys are far shorter. */
    static final int KEY_BYTES = 40;
    private static final int WAYS = 4;
    private static final int EMPTY = -1;

    private final int bucketMask;
    /** Per entry: hash; timestamp time; timestamp node in the high 32 bits, key length (or EMPTY) in the low. */
    private final long[] entries;
    private final byte[] keys;
    /** Per process, so that nobody can choose keys that all land in one bucket. */
    private final long seed = ThreadLocalRandom.current().nextLong();

    /** @param capacity entries kept at most; rounded up to a power of two of at least {@link #WAYS} */
    NewestTimestamps(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is invalid (expected: >= 1)");
        }
        int buckets = Integer.highestOneBit(Math.max(1, (capacity + WAYS - 1) / WAYS - 1) << 1);
        this.bucketMask = buckets - 1;
        this.entries = new long[buckets * WAYS * 3];
        this.keys = new byte[buckets * WAYS * KEY_BYTES];
        for (int i = 0; i < buckets * WAYS; i++) {
            entries[i * 3 + 2] = EMPTY & 0xffffffffL;
        }
    }

    /** Entries this table can hold. */
    int capacity() {
        return (bucketMask + 1) * WAYS;
    }

    /** The stored row's newest timestamp for {@code key} ({@link Timestamp#MIN}: no row), or null if not known. */
    Timestamp newest(byte[] key) {
        if (key.length > KEY_BYTES) {
            return null;
        }
        long hash = hash(key);
        int entry = find(key, hash);
        if (entry < 0) {
            return null;
        }
        return new Timestamp(entries[entry * 3 + 1], (int) (entries[entry * 3 + 2] >>> 32));
    }

    /** Records that the stored row of {@code key} now has {@code newest} as its newest timestamp. */
    void record(byte[] key, Timestamp newest) {
        if (key.length > KEY_BYTES) {
            return;
        }
        long hash = hash(key);
        int entry = find(key, hash);
        if (entry < 0) {
            entry = victim(hash);
            entries[entry * 3] = hash;
            System.arraycopy(key, 0, keys, entry * KEY_BYTES, key.length);
        }
        entries[entry * 3 + 1] = newest.time();
        entries[entry * 3 + 2] = ((long) newest.node() << 32) | key.length;
    }

    private int find(byte[] key, long hash) {
        int first = bucketOf(hash) * WAYS;
        for (int entry = first; entry < first + WAYS; entry++) {
            int length = (int) entries[entry * 3 + 2];
            if (length == key.length && entries[entry * 3] == hash
                    && Arrays.equals(keys, entry * KEY_BYTES, entry * KEY_BYTES + length, key, 0, key.length)) {
                return entry;
            }
        }
        return -1;
    }

    /** An empty entry of the bucket, else the one holding the oldest timestamp (least likely written again soon). */
    private int victim(long hash) {
        int first = bucketOf(hash) * WAYS;
        int oldest = first;
        for (int entry = first; entry < first + WAYS; entry++) {
            if ((int) entries[entry * 3 + 2] == EMPTY) {
                return entry;
            }
            if (entries[entry * 3 + 1] < entries[oldest * 3 + 1]) {
                oldest = entry;
            }
        }
        return oldest;
    }

    private int bucketOf(long hash) {
        return (int) (hash ^ (hash >>> 32)) & bucketMask;
    }

    private long hash(byte[] key) {
        long hash = seed ^ key.length;
        for (byte b : key) {
            hash = (hash ^ (b & 0xff)) * 0x9E3779B97F4A7C15L;
        }
        return hash ^ (hash >>> 29);
    }
}
