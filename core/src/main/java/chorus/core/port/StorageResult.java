package chorus.core.port;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a storage operation. I/O failures are results, not exceptions: the caller decides
 * (a replica that cannot write does not acknowledge; a coordinator then times out or fails over).
 */
public sealed interface StorageResult<T> {
    record Ok<T>(T value) implements StorageResult<T> {
    }

    record Failed<T>(String reason) implements StorageResult<T> {
        public Failed {
            requireNonNull(reason, "reason is null");
        }
    }

    static <T> StorageResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> StorageResult<T> failed(String reason) {
        return new Failed<>(reason);
    }
}
