package chorus.core.replication;

import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.membership.FailureDetector;
import chorus.core.model.RowKey;
import chorus.core.node.Keyspace;
import chorus.core.topology.NodeId;
import chorus.core.topology.Topology;
import java.util.List;

/**
 * Who takes part in one client operation: the key's replicas, those believed alive, and how many
 * must answer at the requested level. Built before anything is sent, so that an operation that
 * cannot succeed fails at once with UNAVAILABLE instead of timing out (D11).
 */
public record ReplicaPlan(RowKey key, ConsistencyLevel level, List<NodeId> replicas, List<NodeId> alive, int required) {

    /** Either a plan, or the failure to report to the client. */
    public sealed interface Outcome {
    }

    public record Ready(ReplicaPlan plan) implements Outcome {
    }

    public record Rejected(ErrorCode code, String message) implements Outcome {
    }

    public static Outcome plan(Topology topology, FailureDetector liveness, RowKey key, ConsistencyLevel requested,
                        String operation) {
        Keyspace keyspace = topology.keyspace(key.keyspace()).orElse(null);
        if (keyspace == null) {
            return new Rejected(ErrorCode.BAD_REQUEST, "keyspace '" + key.keyspace() + "' does not exist");
        }
        ConsistencyLevel level = requested != null ? requested
                : operation.equals("read") ? keyspace.defaultRead() : keyspace.defaultWrite();
        List<NodeId> replicas = topology.replicas(keyspace, key);
        int required = level.required(replicas.size());
        List<NodeId> alive = liveness.alive(replicas);
        if (alive.size() < required) {
            return new Rejected(ErrorCode.UNAVAILABLE, level + " " + operation + " needs " + required + " of "
                    + replicas.size() + " replicas for key " + key.key() + "; alive: " + alive + ". Retry"
                    + (level == ConsistencyLevel.ONE ? "." : ", or use a lower consistency level."));
        }
        return new Ready(new ReplicaPlan(key, level, replicas, alive, required));
    }
}
