package chorus.core.paxos;

import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.message.MutationAck;
import chorus.core.message.PaxosAccepted;
import chorus.core.message.PaxosCommit;
import chorus.core.message.PaxosPrepare;
import chorus.core.message.PaxosPromise;
import chorus.core.message.PaxosPropose;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.NodeConfig;
import chorus.core.node.NodeContext;
import chorus.core.node.NodeEnvironment;
import chorus.core.node.Outbox;
import chorus.core.port.Callback;
import chorus.core.port.Cancellable;
import chorus.core.replication.ReplicaPlan;
import chorus.core.replication.Requests;
import chorus.core.time.HybridLogicalClock;
import chorus.core.topology.NodeId;
import chorus.core.topology.Topology;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The proposer side of Paxos (D6): runs SERIAL operations, one Paxos round after another, among
 * the replicas of the key's slot, until one round decides the operation or time runs out.
 *
 * <p>A round: <b>prepare</b> a ballot newer than any seen, and receive from a quorum their
 * promise, their accepted proposal and their data (the read rides on the prepare). If a quorum
 * reports a proposal accepted after the last commit, it may have been chosen: finish it first
 * (propose it again under this ballot, commit it) and start a new round. Otherwise the merged data
 * is the key's current value: {@link SerialOperation#decide} it, and <b>propose</b> the update,
 * then <b>commit</b> it to a quorum, which applies it as ordinary data stamped with the ballot.
 *
 * <p>Honesty about outcomes: once this operation's own proposal has been sent, a failure is
 * reported as "may or may not have been applied", because any acceptor holding it can make a
 * later proposer finish it. Only if every replica refused it is it known to be dead.
 */
public final class PaxosProposer {
    private static final Duration BACKOFF_MAX = Duration.ofMillis(200);

    private final NodeContext context;
    private final NodeEnvironment environment;
    private final NodeConfig config;
    private final Topology topology;
    private final HybridLogicalClock clock;
    private final Outbox outbox;
    private final Requests requests;
    private final Map<Long, Operation> byRequest = new HashMap<>();

    public PaxosProposer(NodeContext context) {
        this.context = context;
        this.environment = context.environment();
        this.config = context.config();
        this.topology = context.topology();
        this.clock = context.clock();
        this.outbox = context.outbox();
        this.requests = context.requests();
    }

    private enum Phase { PREPARING, PROPOSING_OWN, PROPOSING_REPAIR, COMMITTING_OWN, COMMITTING_REPAIR, DONE }

    /** One SERIAL operation across all its rounds. Looked up by the request id of its current step. */
    private final class Operation {
        final ReplicaPlan plan;
        final SerialOperation decision;
        final Callback<SerialResult> client;
        final long deadlineNanos;
        Phase phase = Phase.PREPARING;
        long requestId;
        int rounds;
        Timestamp ballot = Timestamp.MIN;
        final Map<NodeId, PaxosPromise> promises = new LinkedHashMap<>();
        final Set<NodeId> agreed = new TreeSet<>();
        final Set<NodeId> refused = new TreeSet<>();
        boolean sawContention;
        Row update;
        Row current = Row.EMPTY;
        /** The origin of this operation's own proposal, once it made one. */
        Timestamp ownOrigin;
        /** The origin of the proposal this operation is proposing or committing now. */
        Timestamp origin = Timestamp.MIN;
        Cancellable roundTimer = Cancellable.NONE;

        Operation(ReplicaPlan plan, SerialOperation decision, Callback<SerialResult> client, long deadlineNanos) {
            this.plan = plan;
            this.decision = decision;
            this.client = client;
            this.deadlineNanos = deadlineNanos;
        }

        RowKey key() {
            return plan.key();
        }

        int required() {
            return plan.required();
        }

        /** More refusals than replicas that could still agree: this step cannot reach a quorum. */
        boolean quorumImpossible() {
            return refused.size() > plan.replicas().size() - required();
        }
    }

    public void execute(RowKey key, SerialOperation decision, Callback<SerialResult> client) {
        ReplicaPlan.Outcome outcome = ReplicaPlan.plan(context, key, ConsistencyLevel.SERIAL, "serial operation",
                byRequest.size());
        if (outcome instanceof ReplicaPlan.Rejected rejected) {
            client.completed(new SerialResult.Failed(rejected.code(), rejected.message()));
            return;
        }
        long deadline = environment.clock().monotonicNanos() + config.writeTimeout().toNanos();
        startRound(new Operation(((ReplicaPlan.Ready) outcome).plan(), decision, client, deadline));
    }

    public int pendingCount() {
        return byRequest.size();
    }

    private void startRound(Operation operation) {
        operation.rounds++;
        operation.ballot = clock.now();
        operation.promises.clear();
        nextStep(operation, Phase.PREPARING);
        for (NodeId replica : operation.plan.replicas()) {
            outbox.send(replica, new PaxosPrepare(operation.requestId, operation.key(), operation.ballot));
        }
    }

    /** Enters a phase with a fresh request id, so replies to an earlier step are recognised as late. */
    private void nextStep(Operation operation, Phase phase) {
        byRequest.remove(operation.requestId);
        operation.phase = phase;
        operation.agreed.clear();
        operation.refused.clear();
        operation.requestId = requests.nextId();
        byRequest.put(operation.requestId, operation);
        operation.roundTimer.cancel();
        long remaining = operation.deadlineNanos - environment.clock().monotonicNanos();
        long stepTimeout = Math.max(1, Math.min(remaining, config.writeTimeout().toNanos() / 4));
        long stepId = operation.requestId;
        operation.roundTimer = environment.scheduler().schedule(Duration.ofNanos(stepTimeout), () -> {
            if (operation.requestId == stepId && operation.phase != Phase.DONE) {
                retry(operation);
            }
        });
    }

    public void onPromise(NodeId from, PaxosPromise promise) {
        Operation operation = byRequest.get(promise.requestId());
        if (operation == null || operation.phase != Phase.PREPARING || !operation.plan.replicas().contains(from)
                || operation.promises.containsKey(from) || operation.refused.contains(from)) {
            return;
        }
        clock.observe(promise.promisedBallot());
        if (!promise.promised()) {
            operation.refused.add(from);
            operation.sawContention = true;
            if (operation.quorumImpossible()) {
                retry(operation);
            }
            return;
        }
        operation.promises.put(from, promise);
        if (operation.promises.size() >= operation.required()) {
            onQuorumPromised(operation);
        }
    }

    private void onQuorumPromised(Operation operation) {
        PaxosPromise newestCommit = null;
        for (PaxosPromise promise : operation.promises.values()) {
            if (newestCommit == null || promise.committedBallot().isAfter(newestCommit.committedBallot())) {
                newestCommit = promise;
            }
        }
        PaxosPromise inProgress = null;
        for (PaxosPromise promise : operation.promises.values()) {
            if (promise.acceptedBallot().isAfter(newestCommit.committedBallot())
                    && (inProgress == null || promise.acceptedBallot().isAfter(inProgress.acceptedBallot()))) {
                inProgress = promise;
            }
        }
        if (inProgress != null) {
            boolean ours = inProgress.acceptedOrigin().equals(operation.ownOrigin);
            propose(operation, ours ? Phase.PROPOSING_OWN : Phase.PROPOSING_REPAIR, inProgress.acceptedUpdate(),
                    inProgress.acceptedOrigin());
            return;
        }
        if (operation.ownOrigin != null) {
            if (newestCommit.committedOrigin().equals(operation.ownOrigin)) {
                // Committed, by this operation or by a proposer that finished it; only the acks were lost.
                finish(operation, new SerialResult.Success(operation.current, true));
            } else {
                // Our proposal reached some acceptor but no quorum shows it: a later round may still finish it.
                fail(operation, "its proposal was interrupted by a competing one");
            }
            return;
        }
        Row current = Row.EMPTY;
        for (PaxosPromise promise : operation.promises.values()) {
            current = Row.merge(current, promise.data());
        }
        operation.current = current;
        Row update = operation.decision.decide(current);
        if (update == null) {
            finish(operation, new SerialResult.Success(current, false));
            return;
        }
        propose(operation, Phase.PROPOSING_OWN, update, operation.ballot);
    }

    /** Proposes {@code update} under this round's ballot, keeping the origin of the operation that began it. */
    private void propose(Operation operation, Phase phase, Row update, Timestamp origin) {
        nextStep(operation, phase);
        operation.update = update.withTimestamp(operation.ballot);
        operation.origin = origin;
        if (phase == Phase.PROPOSING_OWN) {
            operation.ownOrigin = origin;
        }
        for (NodeId replica : operation.plan.replicas()) {
            outbox.send(replica, new PaxosPropose(operation.requestId, operation.key(), operation.ballot, origin,
                    operation.update));
        }
    }

    public void onAccepted(NodeId from, PaxosAccepted accepted) {
        Operation operation = byRequest.get(accepted.requestId());
        if (operation == null || (operation.phase != Phase.PROPOSING_OWN && operation.phase != Phase.PROPOSING_REPAIR)
                || !operation.plan.replicas().contains(from) || operation.agreed.contains(from)
                || operation.refused.contains(from)) {
            return;
        }
        clock.observe(accepted.promised());
        if (!accepted.accepted()) {
            operation.refused.add(from);
            operation.sawContention = true;
            if (operation.phase == Phase.PROPOSING_OWN && operation.refused.size() == operation.plan.replicas().size()) {
                operation.ownOrigin = null; // Every replica refused it: it can never be chosen.
            }
            if (operation.quorumImpossible()) {
                retry(operation);
            }
            return;
        }
        operation.agreed.add(from);
        if (operation.agreed.size() >= operation.required()) {
            commit(operation, operation.phase == Phase.PROPOSING_OWN ? Phase.COMMITTING_OWN : Phase.COMMITTING_REPAIR);
        }
    }

    private void commit(Operation operation, Phase phase) {
        nextStep(operation, phase);
        requests.expectAcks(operation.requestId, (from, ack) -> onCommitted(operation, from, ack));
        for (NodeId replica : operation.plan.replicas()) {
            outbox.send(replica, new PaxosCommit(operation.requestId, operation.key(), operation.ballot, operation.origin,
                    operation.update));
        }
    }

    private void onCommitted(Operation operation, NodeId from, MutationAck ack) {
        if (operation.requestId != ack.requestId() || !operation.plan.replicas().contains(from) || !ack.applied()) {
            return;
        }
        operation.agreed.add(from);
        if (operation.agreed.size() < operation.required()) {
            return;
        }
        requests.forget(ack.requestId());
        if (operation.phase == Phase.COMMITTING_OWN) {
            finish(operation, new SerialResult.Success(operation.current, true));
        } else {
            startRound(operation);
        }
    }

    private void retry(Operation operation) {
        long now = environment.clock().monotonicNanos();
        long backoffCapNanos = Math.min(BACKOFF_MAX.toNanos(), 10_000_000L << Math.min(operation.rounds, 10));
        long backoff = environment.random().nextLong(backoffCapNanos);
        if (now + backoff >= operation.deadlineNanos) {
            fail(operation, null);
            return;
        }
        byRequest.remove(operation.requestId);
        requests.forget(operation.requestId);
        operation.roundTimer.cancel();
        operation.roundTimer = environment.scheduler().schedule(Duration.ofNanos(backoff), () -> startRound(operation));
    }

    private void fail(Operation operation, String why) {
        String key = operation.key().key().toString();
        long millis = config.writeTimeout().toMillis();
        SerialResult.Failed failed;
        if (operation.ownOrigin != null) {
            failed = new SerialResult.Failed(ErrorCode.TIMEOUT, "SERIAL operation on key " + key + " was not confirmed in "
                    + millis + " ms" + (why != null ? " (" + why + ")" : "") + "; it may or may not have been applied");
        } else if (operation.sawContention) {
            failed = new SerialResult.Failed(ErrorCode.CAS_CONTENTION, "SERIAL operation on key " + key
                    + " lost to competing operations for " + millis + " ms (" + operation.rounds
                    + " rounds); it was not applied. Retry");
        } else {
            failed = new SerialResult.Failed(ErrorCode.TIMEOUT, "SERIAL operation on key " + key
                    + " got no quorum of replies in " + millis + " ms; it was not applied");
        }
        finish(operation, failed);
    }

    private void finish(Operation operation, SerialResult result) {
        operation.phase = Phase.DONE;
        operation.roundTimer.cancel();
        byRequest.remove(operation.requestId);
        requests.forget(operation.requestId);
        operation.client.completed(result);
    }
}
