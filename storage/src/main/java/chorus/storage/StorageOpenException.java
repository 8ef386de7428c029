package chorus.storage;

/**
 * The storage engine could not open its data directory. The message names the directory and says
 * what to do; the node cannot start without its storage, so callers report it and exit.
 */
public final class StorageOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageOpenException(String message) {
        super(message);
    }

    public StorageOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
