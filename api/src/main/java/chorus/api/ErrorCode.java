package chorus.api;

/**
 * What went wrong, as a client sees it. RESP renders a code as the leading word of an error
 * reply ({@code -UNAVAILABLE ...}); BAD_REQUEST renders as Redis's generic {@code ERR}.
 */
public enum ErrorCode {
    UNAVAILABLE(Kind.RETRYABLE, "UNAVAILABLE"),
    TIMEOUT(Kind.RETRYABLE, "TIMEOUT"),
    OVERLOADED(Kind.RETRYABLE, "OVERLOADED"),
    CAS_CONTENTION(Kind.RETRYABLE, "CAS_CONTENTION"),
    BAD_REQUEST(Kind.CLIENT, "ERR"),
    WRONG_TYPE(Kind.CLIENT, "WRONGTYPE"),
    VALUE_TOO_LARGE(Kind.CLIENT, "VALUE_TOO_LARGE"),
    INTERNAL(Kind.BUG, "INTERNAL");

    /** Whether the client may retry, must change its request, or has hit a bug of ours. */
    public enum Kind { RETRYABLE, CLIENT, BUG }

    private final Kind kind;
    private final String respPrefix;

    ErrorCode(Kind kind, String respPrefix) {
        this.kind = kind;
        this.respPrefix = respPrefix;
    }

    public Kind kind() {
        return kind;
    }

    /** The leading word of the RESP error reply. */
    public String respPrefix() {
        return respPrefix;
    }
}
