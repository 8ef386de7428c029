package chorus.core.replication;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.message.ScanRequest;
import chorus.core.message.ScanResponse;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.node.NodeConfig;
import chorus.core.node.NodeContext;
import chorus.core.node.NodeEnvironment;
import chorus.core.node.Outbox;
import chorus.core.port.Callback;
import chorus.core.port.Cancellable;
import chorus.core.topology.NodeId;
import chorus.core.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads one page of one slot from the slot's replicas: asks every live replica for its first
 * {@code limit} rows from a key, merges what {@code required} of them send (a key any of them
 * holds is included), and keeps the first {@code limit} keys. That is exact: a key among the first
 * {@code limit} of the union is among the first {@code limit} of every replica that holds it.
 */
public final class ScanCoordinator {
    private final NodeContext context;
    private final NodeEnvironment environment;
    private final NodeConfig config;
    private final Topology topology;
    private final Outbox outbox;
    private final Requests requests;
    private final Map<Long, PendingScan> pending = new HashMap<>();

    public ScanCoordinator(NodeContext context) {
        this.context = context;
        this.environment = context.environment();
        this.config = context.config();
        this.topology = context.topology();
        this.outbox = context.outbox();
        this.requests = context.requests();
    }

    private static final class PendingScan {
        final long requestId;
        final ReplicaPlan plan;
        final int limit;
        final Callback<ScanResult> client;
        final Set<NodeId> answered = new TreeSet<>();
        final TreeMap<Bytes, Row> rows = new TreeMap<>();
        boolean anyFull;
        Cancellable timeout = Cancellable.NONE;

        PendingScan(long requestId, ReplicaPlan plan, int limit, Callback<ScanResult> client) {
            this.requestId = requestId;
            this.plan = plan;
            this.limit = limit;
            this.client = client;
        }
    }

    public void scan(String keyspaceName, int slot, Bytes fromKey, int limit, ConsistencyLevel level,
                     Callback<ScanResult> client) {
        ReplicaPlan.Outcome outcome = ReplicaPlan.planSlot(context, new RowKey(keyspaceName, fromKey), slot,
                level == null ? ConsistencyLevel.ONE : level, "scan", pending.size());
        if (outcome instanceof ReplicaPlan.Rejected rejected) {
            client.completed(new ScanResult.Failed(rejected.code(), rejected.message()));
            return;
        }
        ReplicaPlan slotPlan = ((ReplicaPlan.Ready) outcome).plan();
        PendingScan scan = new PendingScan(requests.nextId(), slotPlan, limit, client);
        pending.put(scan.requestId, scan);
        for (NodeId replica : slotPlan.alive()) {
            outbox.send(replica, new ScanRequest(scan.requestId, keyspaceName, slot, fromKey, limit));
        }
        scan.timeout = environment.scheduler().schedule(config.readTimeout(), () -> onTimeout(scan));
    }

    public int pendingCount() {
        return pending.size();
    }

    public void onScanResponse(NodeId from, ScanResponse response) {
        PendingScan scan = pending.get(response.requestId());
        if (scan == null || !scan.plan.alive().contains(from) || !response.ok() || !scan.answered.add(from)) {
            return;
        }
        for (Mutation row : response.rows()) {
            scan.rows.merge(row.key().key(), row.row(), Row::merge);
        }
        scan.anyFull |= response.rows().size() >= scan.limit;
        if (scan.answered.size() >= scan.plan.required()) {
            pending.remove(scan.requestId);
            scan.timeout.cancel();
            scan.client.completed(page(scan));
        }
    }

    private static ScanResult.Page page(PendingScan scan) {
        List<Mutation> rows = new ArrayList<>();
        Bytes next = null;
        for (Map.Entry<Bytes, Row> entry : scan.rows.entrySet()) {
            if (rows.size() == scan.limit) {
                next = entry.getKey();
                break;
            }
            rows.add(new Mutation(new RowKey(scan.plan.key().keyspace(), entry.getKey()), entry.getValue()));
        }
        if (next == null && scan.anyFull && !rows.isEmpty()) {
            next = successor(rows.get(rows.size() - 1).key().key());
        }
        return new ScanResult.Page(rows, next);
    }

    /** The smallest key after {@code key}: the same bytes with a zero byte appended. */
    private static Bytes successor(Bytes key) {
        byte[] next = java.util.Arrays.copyOf(key.arrayUnsafe(), key.length() + 1);
        return Bytes.wrapUnsafe(next);
    }

    private void onTimeout(PendingScan scan) {
        if (pending.remove(scan.requestId) == null) {
            return;
        }
        scan.client.completed(new ScanResult.Failed(ErrorCode.TIMEOUT, scan.plan.level() + " scan got "
                + scan.answered.size() + " of " + scan.plan.required() + " responses in "
                + config.readTimeout().toMillis() + " ms"));
    }
}
