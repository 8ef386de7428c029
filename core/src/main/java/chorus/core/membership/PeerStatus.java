package chorus.core.membership;

import static java.util.Objects.requireNonNull;

import chorus.core.topology.NodeId;

/**
 * One node's belief about one peer, for {@code ./chorus status} and for tests.
 *
 * @param up               whether the peer is believed alive
 * @param phi              the failure detector's suspicion now
 * @param generation       the peer's generation (start time) as last gossiped, 0 if never heard
 * @param heartbeatVersion the newest heartbeat version heard
 * @param epoch            the newest epoch the peer reported
 * @param lastHeardMillis  milliseconds since its heartbeat version last advanced
 */
public record PeerStatus(NodeId peer, boolean up, double phi, long generation, long heartbeatVersion, long epoch,
                         long lastHeardMillis) {
    public PeerStatus {
        requireNonNull(peer, "peer is null");
    }
}
