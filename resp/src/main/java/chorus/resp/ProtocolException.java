package chorus.resp;

/**
 * Malformed or oversized client input. The connection answers {@code -ERR Protocol error: <message>}
 * and closes, as Redis does. An expected event, not a bug: it carries no stack trace and is never
 * logged above DEBUG.
 */
final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message, null, false, false);
    }

    Reply.Error toReply() {
        return Reply.err("Protocol error: " + getMessage());
    }
}
