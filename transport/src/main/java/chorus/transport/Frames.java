package chorus.transport;

/**
 * The internode frame layout, shared by {@link FrameEncoder} and {@link FrameDecoder}:
 *
 * <pre>
 *   int32 length    number of bytes that follow: 1 (the version) + payload length, big-endian
 *   int8  version   {@link #VERSION}; a frame with any other version closes the connection
 *   byte[] payload  opaque to the transport (the wire codec's business)
 * </pre>
 *
 * The first frame on every connection carries a {@link Handshake}.
 */
final class Frames {
    static final int LENGTH_FIELD_BYTES = 4;
    static final int VERSION_BYTES = 1;
    static final int HEADER_BYTES = LENGTH_FIELD_BYTES + VERSION_BYTES;
    /** Bumped when the frame layout changes; the handshake carries the protocol version. */
    static final byte VERSION = 1;

    private Frames() {}
}
