package chorus.transport;

import static java.util.Objects.requireNonNull;

import chorus.core.topology.NodeId;
import java.nio.ByteBuffer;

/**
 * The first frame a dialer sends on a new connection, so the acceptor knows who is talking:
 *
 * <pre>
 *   int32 magic     {@link #MAGIC}, "CHRS": rejects strangers that found the port
 *   int8  protocol  {@link #PROTOCOL_VERSION}: rejects nodes of an incompatible release
 *   int32 from      the dialer's node id
 *   int32 to        the node id the dialer meant to reach: catches stale peer addresses
 * </pre>
 *
 * The acceptor never answers; a rejected dialer sees its connection closed and retries later.
 */
record Handshake(NodeId from, NodeId to) {
    static final int MAGIC = 0x43485253;
    static final byte PROTOCOL_VERSION = 1;
    static final int BYTES = 4 + 1 + 4 + 4;

    Handshake {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
    }

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).putInt(MAGIC).put(PROTOCOL_VERSION)
                .putInt(from.value()).putInt(to.value()).array();
    }

    /**
     * Parses a handshake payload.
     *
     * @throws IllegalArgumentException with a message fit for a log line, when the payload is not
     *     a handshake this node can accept
     */
    static Handshake parse(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        if (payload.length < 4) {
            throw new IllegalArgumentException("handshake of " + payload.length + " bytes is too short (expected: "
                    + BYTES + ")");
        }
        int magic = buffer.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format(
                    "handshake magic 0x%08x is wrong (expected: 0x%08x); not a Chorus node?", magic, MAGIC));
        }
        if (payload.length < 5) {
            throw new IllegalArgumentException("handshake has no protocol version");
        }
        byte version = buffer.get();
        if (version != PROTOCOL_VERSION) {
            throw new IllegalArgumentException("handshake protocol version " + version + " is unsupported (expected: "
                    + PROTOCOL_VERSION + "); is the peer running an incompatible release?");
        }
        if (payload.length != BYTES) {
            throw new IllegalArgumentException("handshake of " + payload.length + " bytes is malformed (expected: "
                    + BYTES + ")");
        }
        return new Handshake(NodeId.of(buffer.getInt()), NodeId.of(buffer.getInt()));
    }
}
