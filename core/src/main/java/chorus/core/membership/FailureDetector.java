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
 * Decides which peers are up from how recently anything arrived from them (every message counts,
 * heartbeats guarantee a floor). A peer silent for longer than the failure timeout is down until
 * it is heard from again. Peers start up: a node that has only just started assumes the best
 * rather than refusing every request. (Gossip and a phi-accrual detector replace this, D8.)
 */
public final class FailureDetector {
    private static final Logger LOG = LoggerFactory.getLogger(FailureDetector.class);

    private final NodeId self;
    private final Clock clock;
    private final long failureTimeoutNanos;
    private final Map<NodeId, Long> lastHeardNanos = new TreeMap<>();
    private final Map<NodeId, Boolean> reportedUp = new TreeMap<>();

    public FailureDetector(NodeId self, Clock clock, Duration failureTimeout, List<NodeId> peers) {
        this.self = requireNonNull(self, "self is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.failureTimeoutNanos = failureTimeout.toNanos();
        long now = clock.monotonicNanos();
        for (NodeId peer : peers) {
            if (!peer.equals(self)) {
                lastHeardNanos.put(peer, now);
                reportedUp.put(peer, true);
            }
        }
    }

    public void onHeard(NodeId peer) {
        if (lastHeardNanos.containsKey(peer)) {
            lastHeardNanos.put(peer, clock.monotonicNanos());
            if (!reportedUp.put(peer, true)) {
                LOG.info("{} marked {} UP (heard from it again)", self, peer);
            }
        }
    }

    public boolean isAlive(NodeId node) {
        if (node.equals(self)) {
            return true;
        }
        Long heard = lastHeardNanos.get(node);
        return heard != null && clock.monotonicNanos() - heard <= failureTimeoutNanos;
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

    /** Logs peers that went silent since the last check; called on every heartbeat tick. */
    public void check() {
        for (Map.Entry<NodeId, Boolean> entry : reportedUp.entrySet()) {
            if (entry.getValue() && !isAlive(entry.getKey())) {
                entry.setValue(false);
                LOG.info("{} marked {} DOWN (silent for more than {} ms)", self, entry.getKey(),
                        failureTimeoutNanos / 1_000_000);
            }
        }
    }
}
