package chorus.core.replication;

import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.model.RowKey;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeContext;
import chorus.core.topology.NodeId;
import java.util.List;

/**
 * Who takes part in one client operation: the key's replicas, those believed alive, and how many
 * must answer at the requested level. Built before anything is sent, so that an operation that
 * cannot succeed fails at once with UNAVAILABLE or OVERLOADED instead of timing out (D11).
 */
public record ReplicaPlan(RowKey key, ConsistencyLevel level, List<NodeId> replicas, List<NodeId> alive, int required) {

    /** Either a plan, or the failure to report to the client. */
    public sealed interface Outcome {
    }

    public record Ready(ReplicaPlan plan) implements Outcome {
    }

    public record Rejected(ErrorCode code, String message) implements Outcome {
    }

    /**
     * The plan for an operation on {@code key}, or why it cannot start: the keyspace does not exist,
     * this node already coordinates {@code inFlight} operations of this kind (the configured limit),
     * or too few of the key's replicas are alive. A null level means the keyspace's default.
     */
    public static Outcome plan(NodeContext context, RowKey key, ConsistencyLevel requested, String operation,
                               int inFlight) {
        return plan(context, key, key.slot(), false, requested, operation, inFlight);
    }

    /** The same for a whole slot (a scan): {@code anyKey} names the keyspace and where the scan starts. */
    public static Outcome planSlot(NodeContext context, RowKey anyKey, int slot, ConsistencyLevel requested,
                                   String operation, int inFlight) {
        return plan(context, anyKey, slot, true, requested, operation, inFlight);
    }

    /** {@code wholeSlot}: the operation is on the slot (a scan), not on {@code key} alone; named only in errors. */
    private static Outcome plan(NodeContext context, RowKey key, int slot, boolean wholeSlot, ConsistencyLevel requested,
                                String operation, int inFlight) {
        Keyspace keyspace = context.topology().keyspace(key.keyspace()).orElse(null);
        if (keyspace == null) {
            return new Rejected(ErrorCode.BAD_REQUEST, "keyspace '" + key.keyspace() + "' does not exist");
        }
        int inFlightMax = context.config().pendingMax();
        if (inFlight >= inFlightMax) {
            return new Rejected(ErrorCode.OVERLOADED, "this node coordinates " + inFlight + " " + operation
                    + "s already (limit " + inFlightMax + "); retry later");
        }
        ConsistencyLevel level = requested != null ? requested
                : operation.equals("read") ? keyspace.defaultRead() : keyspace.defaultWrite();
        List<NodeId> replicas = context.topology().slotTable(keyspace).replicas(slot);
        int required = level.required(replicas.size());
        List<NodeId> alive = context.liveness().alive(replicas);
        if (alive.size() < required) {
            return new Rejected(ErrorCode.UNAVAILABLE, level + " " + operation + " needs " + required + " of "
                    + replicas.size() + " replicas for " + (wholeSlot ? "slot " + slot : "key " + key.key()) + "; alive: "
                    + alive + ". Retry"
                    + (level == ConsistencyLevel.ONE ? "." : ", or use a lower consistency level."));
        }
        return new Ready(new ReplicaPlan(key, level, replicas, alive, required));
    }
}
