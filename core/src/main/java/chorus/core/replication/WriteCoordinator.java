package chorus.core.replication;

import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.hints.HintedHandoff;
import chorus.core.message.MutationAck;
import chorus.core.message.MutationRequest;
import chorus.core.model.Mutation;
import chorus.core.model.Timestamp;
import chorus.core.node.DeliberateBug;
import chorus.core.node.NodeConfig;
import chorus.core.node.NodeContext;
import chorus.core.node.NodeEnvironment;
import chorus.core.node.Outbox;
import chorus.core.port.Callback;
import chorus.core.port.Cancellable;
import chorus.core.time.HybridLogicalClock;
import chorus.core.topology.NodeId;
import chorus.core.topology.Topology;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Coordinates client writes (D3): stamps the mutation with this node's clock, sends it to every
 * replica of the key's slot, and answers once the consistency level's number have acknowledged.
 *
 * <p><b>Restamping.</b> Last write wins by timestamp, so a write stamped by a node whose clock is
 * behind would lose to a write that finished before it began. Each acknowledgement reports the
 * newest timestamp the replica held before; when that is newer than this write, the coordinator
 * sends the write again with a timestamp after it. Any write acknowledged by a quorum before this
 * one began is on at least one replica of this write's acknowledging quorum, so one restamp makes
 * this write win over all of them; anything newer reported the second time is concurrent.
 */
public final class WriteCoordinator {
    private final NodeContext context;
    private final NodeEnvironment environment;
    private final NodeConfig config;
    private final Topology topology;
    private final HybridLogicalClock clock;
    private final Outbox outbox;
    private final Requests requests;
    private final HintedHandoff hints;
    private final Map<Long, PendingWrite> pending = new HashMap<>();

    public WriteCoordinator(NodeContext context, HintedHandoff hints) {
        this.context = context;
        this.environment = context.environment();
        this.hints = hints;
        this.config = context.config();
        this.topology = context.topology();
        this.clock = context.clock();
        this.outbox = context.outbox();
        this.requests = context.requests();
    }

    /** A write in flight. Looked up by request id, never iterated. */
    private static final class PendingWrite {
        final ReplicaPlan plan;
        final Callback<WriteResult> client;
        final Set<NodeId> acknowledged = new TreeSet<>();
        final Set<NodeId> failed = new TreeSet<>();
        final Set<NodeId> hinted = new TreeSet<>();
        boolean answered;
        Mutation mutation;
        long requestId;
        Timestamp newestSeen = Timestamp.MIN;
        boolean restamped;
        Cancellable timeout = Cancellable.NONE;

        PendingWrite(ReplicaPlan plan, Mutation mutation, Callback<WriteResult> client) {
            this.plan = plan;
            this.mutation = mutation;
            this.client = client;
        }
    }

    /**
     * Writes {@code mutation} (its timestamps are placeholders; this node stamps it) at
     * {@code level}, or at the keyspace's default when {@code level} is null.
     */
    public void write(Mutation mutation, ConsistencyLevel level, Callback<WriteResult> client) {
        start(mutation, level, true, client);
    }

    /**
     * Writes {@code mutation} with the timestamps it carries, never restamped: for a counter shard,
     * whose one writer orders its versions itself and must not see an older version win.
     */
    public void writeStamped(Mutation mutation, ConsistencyLevel level, Callback<WriteResult> client) {
        start(mutation, level, false, client);
    }

    private void start(Mutation mutation, ConsistencyLevel level, boolean stampHere, Callback<WriteResult> client) {
        ReplicaPlan.Outcome outcome = ReplicaPlan.plan(context, mutation.key(), level, "write", pending.size());
        if (outcome instanceof ReplicaPlan.Rejected rejected) {
            client.completed(new WriteResult.Failed(rejected.code(), rejected.message()));
            return;
        }
        ReplicaPlan plan = ((ReplicaPlan.Ready) outcome).plan();
        PendingWrite write = new PendingWrite(plan, stampHere ? stamp(mutation, clock.now()) : mutation, client);
        write.restamped = !stampHere; // Restamping happens at most once; a stamped write counts as done.
        send(write);
        hintReplicas(write, plan.replicas().stream().filter(replica -> !plan.alive().contains(replica)).toList());
        write.timeout = environment.scheduler().schedule(config.writeTimeout(), () -> onTimeout(write));
    }

    public int pendingCount() {
        return pending.size();
    }

    private static Mutation stamp(Mutation mutation, Timestamp timestamp) {
        return new Mutation(mutation.key(), mutation.row().withTimestamp(timestamp));
    }

    /** Sends to every replica, alive or not: a replica wrongly believed down still gets the write. */
    private void send(PendingWrite write) {
        write.requestId = requests.expectAcks((from, ack) -> onAck(write, from, ack));
        pending.put(write.requestId, write);
        for (NodeId replica : write.plan.replicas()) {
            outbox.send(replica, new MutationRequest(write.requestId, write.mutation));
        }
    }

    private void onAck(PendingWrite write, NodeId from, MutationAck ack) {
        if (!write.plan.replicas().contains(from)) {
            return;
        }
        if (!ack.applied()) {
            write.failed.add(from);
            return;
        }
        write.acknowledged.add(from);
        if (write.answered) {
            if (write.acknowledged.size() == write.plan.replicas().size()) {
                write.timeout.cancel();
                finish(write);
            }
            return;
        }
        write.newestSeen = Timestamp.max(write.newestSeen, ack.newestBefore());
        int required = config.has(DeliberateBug.ACKNOWLEDGE_AFTER_ONE) ? 1 : write.plan.required();
        if (write.acknowledged.size() < required) {
            return;
        }
        Timestamp stamped = write.mutation.row().newestTimestamp();
        if (!write.restamped && write.newestSeen.isAfter(stamped)) {
            restamp(write);
            return;
        }
        answer(write, new WriteResult.Success(stamped));
        if (write.acknowledged.size() == write.plan.replicas().size()) {
            write.timeout.cancel();
            finish(write);
        }
    }

    /**
     * Answers the client once. The write stays routable until its timeout so that late replicas'
     * acknowledgements still spare them a hint.
     */
    private void answer(PendingWrite write, WriteResult result) {
        if (!write.answered) {
            write.answered = true;
            pending.remove(write.requestId);
            write.client.completed(result);
        }
    }

    /**
     * Dynamo §4.6, Cassandra's hinted handoff: a replica believed down, or that did not acknowledge in
     * time, gets the write later from a durable hint. Hints never count toward the level.
     */
    private void hintReplicas(PendingWrite write, java.util.List<NodeId> replicas) {
        for (NodeId replica : replicas) {
            if (!replica.equals(environment.self()) && write.hinted.add(replica)) {
                hints.store(replica, write.mutation);
            }
        }
    }

    private void restamp(PendingWrite write) {
        clock.observe(write.newestSeen);
        write.restamped = true;
        finish(write);
        write.acknowledged.clear();
        write.failed.clear();
        write.hinted.clear();
        write.mutation = stamp(write.mutation, clock.now());
        send(write);
    }

    private void finish(PendingWrite write) {
        pending.remove(write.requestId);
        requests.forget(write.requestId);
    }

    private void onTimeout(PendingWrite write) {
        finish(write);
        hintReplicas(write, write.plan.replicas().stream().filter(replica -> !write.acknowledged.contains(replica)).toList());
        String failures = write.failed.isEmpty() ? "" : "; " + write.failed + " failed to store it";
        answer(write, new WriteResult.Failed(ErrorCode.TIMEOUT, write.plan.level() + " write got "
                + write.acknowledged.size() + " of " + write.plan.required() + " acknowledgements in "
                + config.writeTimeout().toMillis() + " ms" + failures + "; it may or may not have been applied"));
    }
}
