package chorus.core.paxos;

import static java.util.Objects.requireNonNull;

import chorus.api.ErrorCode;
import chorus.core.model.Row;

/** The answer to a SERIAL operation. */
public sealed interface SerialResult {
    /**
     * The operation took effect at one instant between its start and this answer.
     *
     * @param current the key's value at that instant, before any update of this operation
     * @param applied whether this operation's update was chosen
     */
    record Success(Row current, boolean applied) implements SerialResult {
        public Success {
            requireNonNull(current, "current is null");
        }
    }

    /** Not decided; the message says whether the update may still have been applied. */
    record Failed(ErrorCode code, String message) implements SerialResult {
        public Failed {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }
}
