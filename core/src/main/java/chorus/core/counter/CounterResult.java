package chorus.core.counter;

import static java.util.Objects.requireNonNull;

import chorus.api.ErrorCode;

/** The answer to an increment: the counter's value after it, or why there is none. */
public sealed interface CounterResult {
    /** Applied at the requested level; {@code value} includes this increment. */
    record Success(long value) implements CounterResult {
    }

    record Failed(ErrorCode code, String message) implements CounterResult {
        public Failed {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }
}
