package chorus.core.replication;

import static java.util.Objects.requireNonNull;

import chorus.api.ErrorCode;
import chorus.core.model.Row;

/** The answer to a client read: the reconciled row, or why there is none. */
public sealed interface ReadResult {
    record Success(Row row) implements ReadResult {
        public Success {
            requireNonNull(row, "row is null");
        }
    }

    record Failed(ErrorCode code, String message) implements ReadResult {
        public Failed {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }
}
