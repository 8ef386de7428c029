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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Coordinates client reads (D3): asks the fastest live replicas for their rows, answers once the
 * level's number have responded, with the rows merged (last write wins).
 *
 * <p><b>Replica choice.</b> A read at level L asks only the {@code required} live replicas that
 * {@link ReplicaLatencies} says are fastest, this node first when it is a replica (a local read
 * crosses no network). At QUORUM with three replicas that is two requests instead of three.
 *
 * <p><b>Speculative retry</b> (D8). When the responses are not all in after the speculative-retry
 * percentile of the recent latencies of the slowest replica still awaited (never less than the
 * configured floor, never more than half the read timeout, so the extra request has time), the
 * read goes to one more live replica not yet asked; and again, while replicas remain, until the
 * read timeout. A replica that fails to read is replaced at once. So a slow or silent replica costs
 * a read about one percentile of latency, not the read timeout.
 *
 * <p><b>Blocking read repair.</b> At QUORUM and ALL, responders that are missing something get
 * the merged row, and the read answers only once {@code required} replicas are known to hold it.
 * So a value once returned at QUORUM is on a quorum, and every later QUORUM read sees it or
 * something newer. Replicas that answer after the client was answered are repaired in the
 * background.
 *
 * <p><b>Read repair chance.</b> A fraction of reads ({@code readRepairChance}, default 5%) still
 * asks every live replica. Correctness does not need it: blocking repair among the responders keeps
 * QUORUM reads monotonic, and anti-entropy repair makes replicas converge. It exists for two other
 * reasons. Without it, a replica that is never among the fastest would never be measured again, so
 * a replica that was slow once would be avoided forever; and keys that are read but seldom
 * written converge between repairs. Cassandra dropped its {@code read_repair_chance} because at
 * 10% and above it cost more than it gave; one read in twenty keeps the samples fresh for the cost
 * of about 2.5% more read requests at QUORUM with three replicas.
 */
public final class ReadCoordinator {
    private final NodeContext context;
    private final NodeEnvironment environment;
    private final NodeConfig config;
    private final Outbox outbox;
    private final Requests requests;
    private final ReplicaLatencies latencies = new ReplicaLatencies();
    private final Map<Long, PendingRead> pending = new HashMap<>();

    public ReadCoordinator(NodeContext context) {
        this.context = context;
        this.environment = context.environment();
        this.config = context.config();
        this.outbox = context.outbox();
        this.requests = context.requests();
    }

    /** A read in flight, until every asked replica answered or the timeout fired. */
    private static final class PendingRead {
        final long requestId;
        final ReplicaPlan plan;
        final Callback<ReadResult> client;
        /** Replicas asked so far, with when they were asked (monotonic nanoseconds). */
        final Map<NodeId, Long> askedAtNanos = new LinkedHashMap<>();
        /** Live replicas not asked yet, fastest first: where speculative retries go. */
        final Deque<NodeId> spare;
        final Map<NodeId, Row> responses = new LinkedHashMap<>();
        final Set<NodeId> failed = new TreeSet<>();
        final Set<NodeId> holdingMerged = new TreeSet<>();
        final List<Long> repairIds = new ArrayList<>();
        Row merged;
        boolean answered;
        Cancellable timeout = Cancellable.NONE;
        Cancellable speculation = Cancellable.NONE;

        PendingRead(long requestId, ReplicaPlan plan, Callback<ReadResult> client, List<NodeId> spare) {
            this.requestId = requestId;
            this.plan = plan;
            this.client = client;
            this.spare = new ArrayDeque<>(spare);
        }

        boolean everyAskedReplied() {
            return responses.size() + failed.size() == askedAtNanos.size();
        }
    }

    /** Reads {@code key} at {@code level}, or at the keyspace's default when {@code level} is null. */
    public void read(RowKey key, ConsistencyLevel level, Callback<ReadResult> client) {
        ReplicaPlan.Outcome outcome = ReplicaPlan.plan(context, key, level, "read", pending.size());
        if (outcome instanceof ReplicaPlan.Rejected rejected) {
            client.completed(new ReadResult.Failed(rejected.code(), rejected.message()));
            return;
        }
        ReplicaPlan plan = ((ReplicaPlan.Ready) outcome).plan();
        List<NodeId> ordered = latencies.fastestFirst(plan.alive(), environment.self());
        int asked = askEveryone(plan) ? ordered.size() : plan.required();
        PendingRead read = new PendingRead(requests.nextId(), plan, client, ordered.subList(asked, ordered.size()));
        pending.put(read.requestId, read);
        for (NodeId replica : ordered.subList(0, asked)) {
            ask(read, replica);
        }
        read.timeout = environment.scheduler().schedule(config.readTimeout(), () -> onTimeout(read));
        scheduleSpeculation(read);
    }

    private boolean askEveryone(ReplicaPlan plan) {
        double chance = config.healing().readRepairChance();
        return chance > 0 && plan.required() < plan.alive().size() && environment.random().nextDouble() < chance;
    }

    private void ask(PendingRead read, NodeId replica) {
        read.askedAtNanos.put(replica, environment.clock().monotonicNanos());
        outbox.send(replica, new ReadRequest(read.requestId, read.plan.key()));
    }

    public int pendingCount() {
        return pending.size();
    }

    /** This coordinator's latency measurements, for tests and status. */
    public ReplicaLatencies latencies() {
        return latencies;
    }

    public void onReadResponse(NodeId from, ReadResponse response) {
        PendingRead read = pending.get(response.requestId());
        Long askedAt = read == null ? null : read.askedAtNanos.get(from);
        if (askedAt == null || read.responses.containsKey(from) || read.failed.contains(from)) {
            return;
        }
        latencies.record(from, environment.clock().monotonicNanos() - askedAt);
        if (!response.ok()) {
            read.failed.add(from);
            if (read.merged == null) {
                speculate(read); // A replica that cannot read is replaced now, not after a wait.
            }
        } else {
            read.responses.put(from, response.row());
            if (read.merged == null) {
                if (read.responses.size() >= read.plan.required()) {
                    read.speculation.cancel();
                    reconcile(read);
                }
            } else {
                repairIfBehind(read, from, response.row());
            }
        }
        if (read.answered && read.everyAskedReplied()) {
            close(read);
        }
    }

    /**
     * Waits for the slowest replica still awaited for its usual time (the configured percentile of
     * its recent latencies), then asks a spare replica. A replica never measured gets the longest
     * wait, half the read timeout: a guess would either speculate on noise or not at all.
     */
    private void scheduleSpeculation(PendingRead read) {
        if (read.spare.isEmpty() || read.merged != null) {
            return;
        }
        long ceilingNanos = config.readTimeout().toNanos() / 2;
        long waitNanos = 0;
        for (NodeId replica : read.askedAtNanos.keySet()) {
            if (!read.responses.containsKey(replica) && !read.failed.contains(replica)) {
                long usual = latencies.percentileNanos(replica, config.healing().speculativeRetryPercentile());
                waitNanos = Math.max(waitNanos, usual < 0 ? ceilingNanos : usual);
            }
        }
        waitNanos = Math.min(ceilingNanos, Math.max(config.healing().speculativeRetryMin().toNanos(), waitNanos));
        read.speculation = environment.scheduler().schedule(Duration.ofNanos(waitNanos), () -> onSpeculationDue(read));
    }

    private void onSpeculationDue(PendingRead read) {
        if (pending.get(read.requestId) != read || read.merged != null) {
            return;
        }
        // The replicas we stop waiting for have taken at least this long: record it now, so the next reads
        // avoid them at once instead of after their late answers arrive (if ever).
        long now = environment.clock().monotonicNanos();
        for (Map.Entry<NodeId, Long> asked : read.askedAtNanos.entrySet()) {
            if (!read.responses.containsKey(asked.getKey()) && !read.failed.contains(asked.getKey())) {
                latencies.record(asked.getKey(), now - asked.getValue());
            }
        }
        speculate(read);
    }

    private void speculate(PendingRead read) {
        read.speculation.cancel();
        if (read.spare.isEmpty()) {
            return;
        }
        ask(read, read.spare.removeFirst());
        scheduleSpeculation(read);
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
        if (read.everyAskedReplied()) {
            close(read);
        }
    }

    private void close(PendingRead read) {
        pending.remove(read.requestId);
        read.timeout.cancel();
        read.speculation.cancel();
        read.repairIds.forEach(requests::forget);
    }

    private void onTimeout(PendingRead read) {
        if (pending.remove(read.requestId) == null) {
            return;
        }
        read.speculation.cancel();
        read.repairIds.forEach(requests::forget);
        for (NodeId replica : read.askedAtNanos.keySet()) {
            if (!read.responses.containsKey(replica) && !read.failed.contains(replica)) {
                latencies.record(replica, config.readTimeout().toNanos()); // Silent for the whole timeout.
            }
        }
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
