package chorus.storage;

import org.rocksdb.RocksDBException;

/**
 * An operating error inside the storage thread, carrying the reason that becomes a
 * {@link chorus.core.port.StorageResult.Failed}. It never leaves the storage module.
 */
final class StorageFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StorageFailure(String reason) {
        super(reason, null, false, false); // Only the message matters; a stack trace would be waste.
    }

    /** A RocksDB error as one line: its status code and message. */
    static String describe(RocksDBException e) {
        String code = e.getStatus() == null ? "" : e.getStatus().getCodeString() + ": ";
        return code + e.getMessage();
    }
}
