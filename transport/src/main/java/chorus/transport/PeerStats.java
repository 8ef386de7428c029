package chorus.transport;

import static java.util.Objects.requireNonNull;

import chorus.core.topology.NodeId;

/**
 * A snapshot of one peer's traffic, for INFO and status output. Counters are totals since the
 * transport (for a peer: since it was last added or its address changed) and only grow.
 *
 * @param address the configured internode address, or empty when the node dials us but is not
 *     one of our peers
 * @param outboundConnected whether our connection to the peer is up (and has sent its handshake)
 * @param inboundConnected whether the peer's connection to us is up (and has been accepted)
 * @param framesSent frames fully written to our socket for this peer
 * @param framesReceived frames delivered to the {@link InboundHandler} from this peer
 * @param framesDropped frames lost by this node: queue full, payload too large, peer removed, or
 *     the connection broke while they were in Netty's buffer. Frames lost on the wire or in the
 *     peer's socket buffer are not seen and not counted.
 * @param queuedFrames frames waiting in the bounded queue now
 * @param queuedBytes their payload bytes
 */
public record PeerStats(NodeId peer, String address, boolean outboundConnected, boolean inboundConnected,
                        long framesSent, long framesReceived, long framesDropped,
                        int queuedFrames, long queuedBytes) {
    public PeerStats {
        requireNonNull(peer, "peer is null");
        requireNonNull(address, "address is null");
    }
}
