package chorus.transport;

import chorus.core.topology.NodeId;

/**
 * Receives the frames that peers send to this node.
 *
 * <p>Threading: {@link #onFrame} is called on a Netty I/O thread, never on the node thread, and
 * calls for frames from different peers may run concurrently on different I/O threads. The
 * implementation must return quickly and must not block: the production implementation decodes
 * nothing itself and hands the frame to its node thread ({@code nodeLoop.execute(...)}). Frames
 * arriving on one connection are delivered one at a time, in the order the sender sent them.
 *
 * <p>Ownership: the {@code payload} array is freshly allocated for this call and belongs to the
 * handler. An exception thrown by the handler is a bug; it is logged and the frame is lost, but
 * the connection stays open.
 */
@FunctionalInterface
public interface InboundHandler {
    void onFrame(NodeId from, byte[] payload);
}
