package chorus.core.codec;

/** Bytes that are not a valid encoding. The receiver drops the frame (and logs it), never crashes. */
public final class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }
}
