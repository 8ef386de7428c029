package chorus.core.membership;

import static java.util.Objects.requireNonNull;

import chorus.core.topology.NodeId;

/**
 * What gossip says about one node (D7: liveness and epoch numbers only, never topology).
 *
 * @param node             the node described
 * @param generation       when the node's process started (wall milliseconds, increasing across its
 *                         restarts): a new generation is a restart, not a late heartbeat
 * @param heartbeatVersion incremented by the node on every gossip round of one generation
 * @param epoch            the newest topology epoch the node knows; a node that sees a newer one catches up
 */
public record EndpointState(NodeId node, long generation, long heartbeatVersion, long epoch) {
    public EndpointState {
        requireNonNull(node, "node is null");
    }

    /** Whether this state is newer news about its node than {@code other}. */
    public boolean supersedes(EndpointState other) {
        return generation > other.generation
                || generation == other.generation && heartbeatVersion > other.heartbeatVersion;
    }
}
