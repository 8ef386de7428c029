package chorus.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.ReadTier;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open RocksDB with Chorus's column families, and every native object it needs.
 *
 * <p>Threading: not thread-safe in general; the storage thread of {@link RocksDbStorageEngine}
 * does all reads and writes. {@link #approximateKeyCount} may run on any thread while the database
 * is open (RocksDB's property reads are thread-safe), but never concurrently with {@link #close}.
 */
final class Database implements AutoCloseable {
    static final String DATA = "data";
    static final String STATE = "state";
    /** Reserved for durable hints (D8) so that adding them needs no migration. */
    static final String HINTS = "hints";
    /** Reserved for Paxos acceptor state (D6). */
    static final String PAXOS = "paxos";

    private static final Logger LOGGER = LoggerFactory.getLogger(Database.class);
    private static final long MIB = 1L << 20;
    /** The data family's memtable: how much is written between two flushes (and log switches). */
    private static final long DATA_WRITE_BUFFER_BYTES = 16 * MIB;

    static {
        // The native library is process-wide: the class initializer runs exactly once per JVM.
        RocksDB.loadLibrary();
    }

    private final Path directory;
    /** Every native object, closed in reverse order of creation. */
    private final Deque<AutoCloseable> resources;
    private final RocksDB db;
    private final ColumnFamilyHandle data;
    private final ColumnFamilyHandle state;
    private final ColumnFamilyHandle hints;
    private final WriteOptions syncedWrites;
    private final WriteOptions unsyncedWrites;
    /** Reads that may not touch the disk: memtables and the block cache only. */
    private final ReadOptions memoryOnlyReads;

    private Database(Path directory, Deque<AutoCloseable> resources, RocksDB db, List<ColumnFamilyHandle> handles) {
        this.directory = directory;
        this.resources = resources;
        this.db = db;
        this.data = handles.get(1);
        this.state = handles.get(2);
        this.hints = handles.get(3);
        this.syncedWrites = track(resources, new WriteOptions().setSync(true));
        this.unsyncedWrites = track(resources, new WriteOptions().setSync(false));
        this.memoryOnlyReads = track(resources, new ReadOptions().setReadTier(ReadTier.BLOCK_CACHE_TIER));
    }

    /** What {@link #getDataIfInMemory} answers when the answer needs the disk. */
    static final byte[] NOT_IN_MEMORY = new byte[0];

    /**
     * The stored value of a data key if RocksDB can tell from memory alone (memtables, block cache):
     * the value, {@code null} when absent, or {@link #NOT_IN_MEMORY} (compare by identity) when
     * telling would need a disk read. Cheap enough for an event loop thread; it never blocks on I/O.
     */
    byte[] getDataIfInMemory(byte[] key) throws RocksDBException {
        try {
            return db.get(data, memoryOnlyReads, key);
        } catch (RocksDBException e) {
            if (e.getStatus() != null && e.getStatus().getCode() == Status.Code.Incomplete) {
                return NOT_IN_MEMORY;
            }
            throw e;
        }
    }

    /** Opens (creating if needed) the database in {@code directory}. */
    static Database open(Path directory, long blockCacheBytes) {
        prepareDirectory(directory);
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            LRUCache cache = track(resources, new LRUCache(blockCacheBytes));
            // 10 bits per key: about 1% false positives, so a read-modify-write of a new key rarely touches disk.
            BloomFilter bloom = track(resources, new BloomFilter(10));
            BlockBasedTableConfig dataTable = new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
                    .setCacheIndexAndFilterBlocks(true).setPinL0FilterAndIndexBlocksInCache(true);
            BlockBasedTableConfig smallTable = new BlockBasedTableConfig().setBlockCache(cache);
            ColumnFamilyOptions dataOptions = track(resources, new ColumnFamilyOptions().setTableFormatConfig(dataTable)
                    .setWriteBufferSize(DATA_WRITE_BUFFER_BYTES).setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setLevelCompactionDynamicLevelBytes(true));
            ColumnFamilyOptions smallOptions = track(resources, new ColumnFamilyOptions().setTableFormatConfig(smallTable)
                    .setWriteBufferSize(4 * MIB));
            DBOptions options = track(resources, new DBOptions().setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true).setMaxBackgroundJobs(2)
                    // Column families share one log, which is kept until every family has flushed what it
                    // holds; this bound makes a rarely written family (state) flush instead of pinning logs.
                    // It is twice the data memtable, so that the node's first log, pinned by the generation
                    // it writes to state at start, is freed at the data family's second flush and recycled
                    // (below) from then on: with 64 MiB a fresh node appended to new log files, paying an
                    // inode write in every fsync, for its first 64 MiB of writes.
                    .setMaxTotalWalSize(2 * DATA_WRITE_BUFFER_BYTES)
                    // Reuse old log files instead of creating new ones: an append into a reused file does not
                    // change its size, so the fdatasync of each group commit writes no metadata (no journal
                    // commit), which on ext4 is shared by every process on the disk. Three nodes on one machine
                    // measured 9.0-9.7k QUORUM SET/s without it, 11.9-12.2k with it (bench/RESULTS.md).
                    .setRecycleLogFileNum(4)
                    .setInfoLogLevel(InfoLogLevel.WARN_LEVEL).setKeepLogFileNum(3).setMaxLogFileSize(8 * MIB));
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallOptions),
                    new ColumnFamilyDescriptor(bytes(DATA), dataOptions),
                    new ColumnFamilyDescriptor(bytes(STATE), smallOptions),
                    new ColumnFamilyDescriptor(bytes(HINTS), smallOptions),
                    new ColumnFamilyDescriptor(bytes(PAXOS), smallOptions));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles);
            // Closed before the database itself (RocksDB requires handles to go first).
            resources.push(db);
            handles.forEach(resources::push);
            return new Database(directory, resources, db, handles);
        } catch (RocksDBException e) {
            closeAll(resources);
            throw openFailure(directory, e);
        } catch (RuntimeException | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    byte[] getData(byte[] key) throws RocksDBException {
        return db.get(data, key);
    }

    byte[] getState(byte[] key) throws RocksDBException {
        return db.get(state, key);
    }

    void putData(WriteBatch batch, byte[] key, byte[] value) throws RocksDBException {
        batch.put(data, key, value);
    }

    void deleteData(WriteBatch batch, byte[] key) throws RocksDBException {
        batch.delete(data, key);
    }

    void putState(WriteBatch batch, byte[] key, byte[] value) throws RocksDBException {
        batch.put(state, key, value);
    }

    void putHint(WriteBatch batch, byte[] key, byte[] value) throws RocksDBException {
        batch.put(hints, key, value);
    }

    void deleteHint(WriteBatch batch, byte[] key) throws RocksDBException {
        batch.delete(hints, key);
    }

    /** Visits the hints whose keys start with {@code prefix}, in key order. */
    void scanHints(byte[] prefix, EntryVisitor visitor) throws RocksDBException {
        try (RocksIterator iterator = db.newIterator(hints)) {
            for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                if (!startsWith(key, prefix) || !visitor.visit(key, iterator.value())) {
                    return;
                }
            }
            iterator.status();
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes a batch atomically; with {@code sync} it returns only once the log is fsynced. */
    void write(WriteBatch batch, boolean sync) throws RocksDBException {
        db.write(sync ? syncedWrites : unsyncedWrites, batch);
    }

    /** Writes buffered log records to the operating system, and with {@code sync} fsyncs the log. */
    void flushWal(boolean sync) throws RocksDBException {
        db.flushWal(sync);
    }

    /** Receives the entries of a range in key order; returns whether to go on. */
    interface EntryVisitor {
        boolean visit(byte[] key, byte[] value);
    }

    /** Visits the data entries from {@code from} (inclusive) to {@code end} (exclusive), in key order. */
    void scanData(byte[] from, byte[] end, EntryVisitor visitor) throws RocksDBException {
        try (Slice upperBound = new Slice(end);
             ReadOptions readOptions = new ReadOptions().setIterateUpperBound(upperBound);
             RocksIterator iterator = db.newIterator(data, readOptions)) {
            for (iterator.seek(from); iterator.isValid(); iterator.next()) {
                if (!visitor.visit(iterator.key(), iterator.value())) {
                    return;
                }
            }
            iterator.status(); // An iterator that stops early on an I/O error is not the end of the range.
        }
    }

    long approximateKeyCount() throws RocksDBException {
        return db.getLongProperty(data, "rocksdb.estimate-num-keys");
    }

    Path directory() {
        return directory;
    }

    /** Releases every native object. The log of the last write is already in the operating system. */
    @Override
    public void close() {
        closeAll(resources);
    }

    private static void prepareDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageOpenException("data directory " + directory + " cannot be created (" + e
                    + "); check the path and its parent's permissions", e);
        }
        // Probe with a real file: as root, permission checks pass on a read-only file system.
        Path probe = directory.resolve(".chorus-write-probe");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new StorageOpenException("data directory " + directory + " is not writable (" + e
                    + "); fix its permissions or choose another directory", e);
        }
    }

    private static StorageOpenException openFailure(Path directory, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        // RocksDB reports both cases as an I/O error on the directory's LOCK file.
        if (message.contains("LOCK")) {
            if (message.contains("current process")) {
                return new StorageOpenException("data directory " + directory
                        + " is locked: it is already open in this process; close that engine first", e);
            }
            return new StorageOpenException("data directory " + directory
                    + " is locked by another Chorus process; stop it or choose another directory", e);
        }
        return new StorageOpenException("data directory " + directory + " cannot be opened by RocksDB: " + message, e);
    }

    private static <T extends AutoCloseable> T track(Deque<AutoCloseable> resources, T resource) {
        resources.push(resource);
        return resource;
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                if (resource instanceof RocksDB db) {
                    db.closeE(); // Unlike close(), reports a failure to release the lock or files.
                } else {
                    resource.close();
                }
            } catch (Exception e) {
                // Closing goes on: a resource that failed to close must not leak all the others.
                LOGGER.warn("storage close failed resource={} error={}",
                        resource.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
