package chorus.bench;

/** A run that cannot start or go on (unreachable server, refused handshake): one line for the user. */
final class BenchException extends Exception {
    private static final long serialVersionUID = 1L;

    BenchException(String message) {
        super(message);
    }
}
