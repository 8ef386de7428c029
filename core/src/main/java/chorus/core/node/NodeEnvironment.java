package chorus.core.node;

import static java.util.Objects.requireNonNull;

import chorus.core.port.Clock;
import chorus.core.port.MessageSink;
import chorus.core.port.Scheduler;
import chorus.core.port.StorageEngine;
import chorus.core.topology.NodeId;
import java.util.random.RandomGenerator;

/** Everything a node may touch in the outside world (D1). Nothing else is reachable from core. */
public record NodeEnvironment(NodeId self, Clock clock, Scheduler scheduler, MessageSink network,
                              StorageEngine storage, RandomGenerator random) {
    public NodeEnvironment {
        requireNonNull(self, "self is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(network, "network is null");
        requireNonNull(storage, "storage is null");
        requireNonNull(random, "random is null");
    }
}
