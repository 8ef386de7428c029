package chorus.server.commands;

/**
 * What the storage engine has done since the node started, for INFO: how well writes share an
 * fsync (applies per sync), how many skipped the read before their merge, and how many reads the
 * rows of recently written keys answered without asking RocksDB.
 *
 * @param syncs             log syncs (one per group commit with sync-mode fsync)
 * @param applies           write batches applied (a client's SET or DEL is one batch of one mutation)
 * @param writesWithoutRead mutations written without reading the row they replaced
 * @param recentRowReads    reads answered from the rows of recently written keys kept in memory
 * @param recentRowsKept    how many keys' rows that table holds at most (recent-rows-size)
 */
public record StorageCounters(long syncs, long applies, long writesWithoutRead, long recentRowReads,
                              long recentRowsKept) {
    /** Before storage is open, or after it closed. */
    public static final StorageCounters UNKNOWN = new StorageCounters(-1, -1, -1, -1, -1);
}
