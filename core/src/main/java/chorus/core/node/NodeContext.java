package chorus.core.node;

import static java.util.Objects.requireNonNull;

import chorus.core.membership.FailureDetector;
import chorus.core.replication.Requests;
import chorus.core.time.HybridLogicalClock;
import chorus.core.topology.Topology;

/**
 * What every coordinator of one node shares: its ports, its configuration, its view of the
 * cluster and of who is alive, its clock, its outbox and its request ids. Built once by
 * {@link Node}; all of it is used on the node thread only.
 */
public record NodeContext(NodeEnvironment environment, NodeConfig config, Topology topology, FailureDetector liveness,
                          HybridLogicalClock clock, Outbox outbox, Requests requests) {
    public NodeContext {
        requireNonNull(environment, "environment is null");
        requireNonNull(config, "config is null");
        requireNonNull(topology, "topology is null");
        requireNonNull(liveness, "liveness is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(outbox, "outbox is null");
        requireNonNull(requests, "requests is null");
    }
}
