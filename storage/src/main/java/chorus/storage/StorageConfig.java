package chorus.storage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Tuning of {@link RocksDbStorageEngine}; the defaults suit a small machine.
 *
 * @param periodicSyncInterval how often {@link SyncMode#PERIODIC} fsyncs the log (ignored by ALWAYS)
 * @param blockCacheBytes      the block cache shared by all column families
 * @param queuedRequestsMax    requests waiting for the storage thread; beyond it a request fails at
 *                             once as overloaded, because the port never blocks its caller
 * @param groupRequestsMax     requests taken into one group commit, which bounds the batch's memory
 * @param recentRowsCached     keys whose stored row (up to {@link RecentRows#ROW_BYTES}) and newest
 *                             timestamp are kept in memory, so that their reads skip RocksDB and their SETs
 *                             and DELs the read before the merge ({@link RecentRows}: 224 bytes of heap
 *                             each, allocated at open; by default 262,144 entries, fewer when that would
 *                             be more than a quarter of the heap)
 */
public record StorageConfig(Duration periodicSyncInterval, long blockCacheBytes, int queuedRequestsMax,
                            int groupRequestsMax, int recentRowsCached) {
    /** The most heap {@link #withRecentRowsBytes} can use: the largest table (1792 MiB). */
    public static final long RECENT_ROWS_BYTES_MAX = (long) RecentRows.MAX_CAPACITY * RecentRows.ENTRY_BYTES;

    public StorageConfig {
        requireNonNull(periodicSyncInterval, "periodicSyncInterval is null");
        if (periodicSyncInterval.toMillis() < 1 || periodicSyncInterval.toMillis() > 60_000) {
            throw new IllegalArgumentException("storage.periodic-sync-interval=" + periodicSyncInterval.toMillis()
                    + "ms is invalid (expected: 1..60000 ms)");
        }
        if (blockCacheBytes < 1 << 20) {
            throw new IllegalArgumentException("storage.block-cache-bytes=" + blockCacheBytes
                    + " is invalid (expected: >= 1048576)");
        }
        if (queuedRequestsMax < 1) {
            throw new IllegalArgumentException("storage.queued-requests-max=" + queuedRequestsMax
                    + " is invalid (expected: >= 1)");
        }
        if (groupRequestsMax < 1 || groupRequestsMax > queuedRequestsMax) {
            throw new IllegalArgumentException("storage.group-requests-max=" + groupRequestsMax
                    + " is invalid (expected: 1.." + queuedRequestsMax + ")");
        }
        if (recentRowsCached < 1 || recentRowsCached > RecentRows.MAX_CAPACITY) {
            throw new IllegalArgumentException("storage.recent-rows-cached=" + recentRowsCached
                    + " is invalid (expected: 1.." + RecentRows.MAX_CAPACITY + ")");
        }
    }

    public static StorageConfig defaults() {
        return new StorageConfig(Duration.ofMillis(100), 64L << 20, 100_000, 1_000,
                RecentRows.capacityForHeap(Runtime.getRuntime().maxMemory()));
    }

    public StorageConfig withRecentRowsCached(int entries) {
        return new StorageConfig(periodicSyncInterval, blockCacheBytes, queuedRequestsMax, groupRequestsMax, entries);
    }

    /**
     * As many recent rows as {@code bytes} of heap hold (224 bytes each), rounded down to a power of
     * two, at least 4 and at most 8,388,608 ({@link #RECENT_ROWS_BYTES_MAX}).
     */
    public StorageConfig withRecentRowsBytes(long bytes) {
        return withRecentRowsCached(RecentRows.capacityForBytes(bytes));
    }

    public StorageConfig withPeriodicSyncInterval(Duration interval) {
        return new StorageConfig(interval, blockCacheBytes, queuedRequestsMax, groupRequestsMax, recentRowsCached);
    }
}
