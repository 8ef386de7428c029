package chorus.core.membership;

import static java.util.Objects.requireNonNull;

import chorus.core.port.Clock;
import chorus.core.topology.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which peers are up (D8), for the coordinators: a peer is down when its phi-accrual
 * suspicion ({@link PhiAccrualFailureDetector}) exceeds the threshold, or when it has been silent
 * for longer than the failure timeout whatever its history says. It is fed by {@link Gossip}
 * whenever a peer's heartbeat version advances, whether the news came from the peer itself or was
 * relayed by another node, so a one-way cut does not make a live peer look dead.
 *
 * <p>Peers start up: a node that has only just started assumes the best rather than refusing every
 * request. Not thread-safe: owned by the node thread.
 */
public final class FailureDetector {
    private static final Logger LOG = LoggerFactory.getLogger(FailureDetector.class);
    private static final int WINDOW_MAX = 100;

    private final NodeId self;
    private final Clock clock;
    private final double phiThreshold;
    private final long intervalNanos;
    private final long failureTimeoutNanos;
    private final Map<NodeId, PhiAccrualFailureDetector> detectors = new TreeMap<>();
    private final Map<NodeId, Boolean> reportedUp = new TreeMap<>();

    /**
     * @param interval       how often peers gossip: the first estimate of the inter-arrival time, the
     *                       pause tolerated on top of the mean, and twice the standard deviation's floor
     * @param failureTimeout silence after which a peer is down even while its phi is below threshold
     */
    public FailureDetector(NodeId self, Clock clock, double phiThreshold, Duration interval, Duration failureTimeout,
                           List<NodeId> peers) {
        this.self = requireNonNull(self, "self is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.phiThreshold = phiThreshold;
        this.intervalNanos = interval.toNanos();
        this.failureTimeoutNanos = failureTimeout.toNanos();
        long now = clock.monotonicNanos();
        for (NodeId peer : peers) {
            if (!peer.equals(self)) {
                detectors.put(peer, new PhiAccrualFailureDetector(WINDOW_MAX, intervalNanos / 2, intervalNanos, intervalNanos,
                        now));
                reportedUp.put(peer, true);
            }
        }
    }

    /** A peer's heartbeat advanced; {@code restarted} when it is a new generation (its old history is void). */
    public void onHeartbeat(NodeId peer, boolean restarted) {
        PhiAccrualFailureDetector detector = detectors.get(peer);
        if (detector == null) {
            return;
        }
        long now = clock.monotonicNanos();
        if (restarted) {
            detector.reset(intervalNanos, now);
        } else {
            detector.heartbeat(now);
        }
        if (!reportedUp.put(peer, true)) {
            LOG.info("{} marked {} UP (heartbeat{})", self, peer, restarted ? " of a new generation" : "");
        }
    }

    public boolean isAlive(NodeId node) {
        if (node.equals(self)) {
            return true;
        }
        PhiAccrualFailureDetector detector = detectors.get(node);
        if (detector == null) {
            return false;
        }
        long now = clock.monotonicNanos();
        return now - detector.lastHeartbeatNanos() <= failureTimeoutNanos && detector.phi(now) <= phiThreshold;
    }

    /** The members of {@code nodes} that are alive, in the same order. */
    public List<NodeId> alive(List<NodeId> nodes) {
        List<NodeId> alive = new ArrayList<>(nodes.size());
        for (NodeId node : nodes) {
            if (isAlive(node)) {
                alive.add(node);
            }
        }
        return alive;
    }

    /** The current suspicion of {@code peer} (0 for this node and unknown nodes). */
    public double phi(NodeId peer) {
        PhiAccrualFailureDetector detector = detectors.get(peer);
        return detector == null ? 0 : detector.phi(clock.monotonicNanos());
    }

    /** Milliseconds since {@code peer}'s heartbeat last advanced, or -1 for an unknown node. */
    public long lastHeardMillis(NodeId peer) {
        PhiAccrualFailureDetector detector = detectors.get(peer);
        return detector == null ? -1 : (clock.monotonicNanos() - detector.lastHeartbeatNanos()) / 1_000_000;
    }

    public double phiThreshold() {
        return phiThreshold;
    }

    /** Logs peers that went down since the last check, with the reason; called on every gossip round. */
    public void check() {
        for (Map.Entry<NodeId, Boolean> entry : reportedUp.entrySet()) {
            NodeId peer = entry.getKey();
            if (entry.getValue() && !isAlive(peer)) {
                entry.setValue(false);
                double phi = phi(peer);
                if (phi > phiThreshold) {
                    LOG.info("{} marked {} DOWN (phi {} > {})", self, peer, format(phi), format(phiThreshold));
                } else {
                    LOG.info("{} marked {} DOWN (silent for more than {} ms)", self, peer, failureTimeoutNanos / 1_000_000);
                }
            }
        }
    }

    private static String format(double value) {
        return value >= 1e6 ? "inf" : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
