/**
 * Internode traffic on Netty, at the level of byte frames: {@link chorus.transport.InternodeTransport}
 * listens for peers, dials them from this node's own address (DESIGN.md D9), and moves opaque
 * {@code byte[]} payloads; the wire codec turns messages into those payloads elsewhere.
 *
 * <p>Per connection: {@link chorus.transport.Handshake} first, then length-prefixed, versioned
 * frames ({@link chorus.transport.Frames}). Outbound: one {@link chorus.transport.PeerConnection}
 * per peer with a bounded queue, writability-driven writes and reconnect backoff. Inbound:
 * {@link chorus.transport.FrameDecoder} then {@link chorus.transport.InboundConnectionHandler},
 * which hands frames to the caller's {@link chorus.transport.InboundHandler} on an I/O thread.
 */
package chorus.transport;
