package chorus.core.replication;

import static java.util.Objects.requireNonNull;

import chorus.api.ErrorCode;
import chorus.core.model.Timestamp;

/** The answer to a client write: applied at the requested level, or why not. */
public sealed interface WriteResult {
    /** Acknowledged by enough replicas; {@code timestamp} is the version the write was given. */
    record Success(Timestamp timestamp) implements WriteResult {
    }

    /** Not acknowledged; the message says what is known, including whether it may have applied. */
    record Failed(ErrorCode code, String message) implements WriteResult {
        public Failed {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }
}
