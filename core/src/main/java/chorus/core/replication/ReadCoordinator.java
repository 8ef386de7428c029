package chorus.core.replication;

import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.message.MutationAck;
import chorus.core.message.MutationRequest;
import chorus.core.message.ReadRequest;
import chorus.core.message.ReadResponse;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.node.DeliberateBug;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Coordinates client reads (D3): asks every live replica for its row, answers once the level's
 * number have responded, with the rows merged (last write wins).
 *
 * <p><b>Blocking read repair.</b> At QUORUM and ALL, responders that are missing something get
 * the merged row, and the read answers only once {@code required} replicas are known to hold it.
 * So a value once returned at QUORUM is on a quorum, and every later QUORUM read sees it or
 * something newer. Replicas that answer after the client was answered are repaired in the
 * background, so replicas converge through ordinary reads.
 */
public final class ReadCoordinator {
    private final NodeContext context;
    private final NodeEnvironment environment;
    private final NodeConfig config;
    private final Topology topology;
    private final Outbox outbox;
    private final Requests requests;
    private final Map<Long, PendingRead> pending = new HashMap<>();

    public ReadCoordinator(NodeContext context) {
        this.context = context;
        this.environment = context.environment();
        this.config = context.config();
        this.topology = context.topology();
        this.outbox = context.outbox();
        this.requests = context.requests();
    }

    /** A read in flight, until every contacted replica answered or the timeout fired. */
    private static final class PendingRead {
        final long requestId;
        final ReplicaPlan plan;
        final Callback<ReadResult> client;
        final Map<NodeId, Row> responses = new LinkedHashMap<>();
        final Set<NodeId> holdingMerged = new TreeSet<>();
        final List<Long> repairIds = new ArrayList<>();
        Row merged;
        boolean answered;
        Cancellable timeout = Cancellable.NONE;

        PendingRead(long requestId, ReplicaPlan plan, Callback<ReadResult> client) {
            this.requestId = requestId;
            this.plan = plan;
            this.client = client;
        }
    }

    /** Reads {@code key} at {@code level}, or at the keyspace's default when {@code level} is null. */
    public void read(RowKey key, ConsistencyLevel level, Callback<ReadResult> client) {
        ReplicaPlan.Outcome outcome = ReplicaPlan.plan(context, key, level, "read", pending.size());
        if (outcome instanceof ReplicaPlan.Rejected rejected) {
            client.completed(new ReadResult.Failed(rejected.code(), rejected.message()));
            return;
        }
        PendingRead read = new PendingRead(requests.nextId(), ((ReplicaPlan.Ready) outcome).plan(), client);
        pending.put(read.requestId, read);
        for (NodeId replica : read.plan.alive()) {
            outbox.send(replica, new ReadRequest(read.requestId, key));
        }
        read.timeout = environment.scheduler().schedule(config.readTimeout(), () -> onTimeout(read));
    }

    public int pendingCount() {
        return pending.size();
    }

    public void onReadResponse(NodeId from, ReadResponse response) {
        PendingRead read = pending.get(response.requestId());
        if (read == null || !read.plan.alive().contains(from) || read.responses.containsKey(from) || !response.ok()) {
            return;
        }
        read.responses.put(from, response.row());
        if (read.merged == null) {
            if (read.responses.size() >= read.plan.required()) {
                reconcile(read);
            }
        } else {
            repairIfBehind(read, from, response.row());
        }
        if (read.answered && read.responses.size() == read.plan.alive().size()) {
            close(read);
        }
    }

    private void reconcile(PendingRead read) {
        Row merged = Row.EMPTY;
        for (Row row : read.responses.values()) {
            merged = Row.merge(merged, row);
        }
        read.merged = merged;
        for (Map.Entry<NodeId, Row> response : read.responses.entrySet()) {
            repairIfBehind(read, response.getKey(), response.getValue());
        }
        if (read.plan.level() == ConsistencyLevel.ONE || config.has(DeliberateBug.SKIP_READ_REPAIR)) {
            answer(read); // No repair needed before answering; background repair happens above.
        }
    }

    /**
     * Counts {@code replica} as holding the merged row, or sends it the merged row and counts it
     * once it acknowledges. A response newer than the merged row is concurrent with this read and
     * left for a later read to spread.
     */
    private void repairIfBehind(PendingRead read, NodeId replica, Row row) {
        if (config.has(DeliberateBug.SKIP_READ_REPAIR)) {
            return;
        }
        if (Row.merge(row, read.merged).equals(row)) {
            confirm(read, replica);
            return;
        }
        long repairId = requests.expectAcks((from, ack) -> onRepairAck(read, replica, from, ack));
        read.repairIds.add(repairId);
        outbox.send(replica, new MutationRequest(repairId, new Mutation(read.plan.key(), read.merged)));
    }

    private void onRepairAck(PendingRead read, NodeId repaired, NodeId from, MutationAck ack) {
        requests.forget(ack.requestId());
        if (from.equals(repaired) && ack.applied()) {
            confirm(read, repaired);
        }
    }

    private void confirm(PendingRead read, NodeId replica) {
        read.holdingMerged.add(replica);
        if (!read.answered && read.holdingMerged.size() >= read.plan.required()) {
            answer(read);
        }
    }

    private void answer(PendingRead read) {
        if (read.answered) {
            return;
        }
        read.answered = true;
        read.client.completed(new ReadResult.Success(read.merged));
        if (read.responses.size() == read.plan.alive().size()) {
            close(read);
        }
    }

    private void close(PendingRead read) {
        pending.remove(read.requestId);
        read.timeout.cancel();
        read.repairIds.forEach(requests::forget);
    }

    private void onTimeout(PendingRead read) {
        if (pending.remove(read.requestId) == null) {
            return;
        }
        read.repairIds.forEach(requests::forget);
        if (read.answered) {
            return;
        }
        String detail = read.merged == null
                ? "got " + read.responses.size() + " of " + read.plan.required() + " responses"
                : "could confirm only " + read.holdingMerged.size() + " of " + read.plan.required()
                        + " replicas hold the latest value (read repair incomplete)";
        read.client.completed(new ReadResult.Failed(ErrorCode.TIMEOUT, read.plan.level() + " read of key "
                + read.plan.key().key() + " " + detail + " in " + config.readTimeout().toMillis() + " ms"));
    }
}
