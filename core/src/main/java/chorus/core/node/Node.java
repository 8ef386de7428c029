package chorus.core.node;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.antientropy.RepairCoordinator;
import chorus.core.antientropy.RepairProgress;
import chorus.core.antientropy.RepairReplica;
import chorus.core.antientropy.RepairScheduler;
import chorus.core.antientropy.SlotDigest;
import chorus.core.antientropy.TombstonePurge;
import chorus.core.codec.WireReader;
import chorus.core.codec.WireWriter;
import chorus.core.hints.HintedHandoff;
import chorus.core.membership.FailureDetector;
import chorus.core.membership.Gossip;
import chorus.core.membership.PeerStatus;
import chorus.core.counter.CounterCoordinator;
import chorus.core.counter.CounterResult;
import chorus.core.message.Envelope;
import chorus.core.message.GossipMessage;
import chorus.core.message.MerkleTreeRequest;
import chorus.core.message.MerkleTreeResponse;
import chorus.core.message.RepairRowsRequest;
import chorus.core.message.RepairRowsResponse;
import chorus.core.message.RepairStream;
import chorus.core.message.MutationAck;
import chorus.core.message.MutationRequest;
import chorus.core.message.PaxosAccepted;
import chorus.core.message.PaxosCommit;
import chorus.core.message.PaxosPrepare;
import chorus.core.message.PaxosPromise;
import chorus.core.message.PaxosPropose;
import chorus.core.message.ReadRequest;
import chorus.core.message.ReadResponse;
import chorus.core.message.ScanRequest;
import chorus.core.message.ScanResponse;
import chorus.core.model.Mutation;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.paxos.PaxosAcceptor;
import chorus.core.paxos.PaxosProposer;
import chorus.core.paxos.SerialOperation;
import chorus.core.paxos.SerialResult;
import chorus.core.port.Callback;
import chorus.core.port.StorageResult;
import chorus.core.replication.ReadCoordinator;
import chorus.core.replication.ReadResult;
import chorus.core.replication.ReplicaService;
import chorus.core.replication.ScanCoordinator;
import chorus.core.replication.ScanResult;
import chorus.core.replication.Requests;
import chorus.core.replication.WriteCoordinator;
import chorus.core.replication.WriteResult;
import chorus.core.time.HybridLogicalClock;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import chorus.core.topology.SlotTable;
import chorus.core.topology.Topology;
import java.util.List;

/**
 * One node's protocol logic, free of I/O (D1). Its only inputs are {@link #receive} (a message
 * from a peer), client calls ({@link #write}, {@link #read}), scheduled tasks and storage
 * completions, all on the one node thread; its only outputs are calls on the ports of its
 * {@link NodeEnvironment}. Production and the simulator build it from different adapters.
 */
public final class Node {
    private static final Bytes GENERATION_STATE_KEY = Bytes.utf8("membership.generation");

    private final NodeEnvironment environment;
    private final NodeConfig config;
    private final HybridLogicalClock clock;
    private final Topology topology;
    private final FailureDetector liveness;
    private final Outbox outbox;
    private final ReplicaService replica;
    private final WriteCoordinator writes;
    private final ReadCoordinator reads;
    private final CounterCoordinator counters;
    private final ScanCoordinator scans;
    private final PaxosAcceptor acceptor;
    private final PaxosProposer proposer;
    private final Requests requests;
    private final Gossip gossip;
    private final HintedHandoff hints;
    private final RepairReplica repairReplica;
    private final RepairCoordinator repairs;
    private final RepairScheduler repairScheduler;
    private final TombstonePurge purge;
    private boolean stopped;

    public Node(NodeEnvironment environment, NodeConfig config) {
        this.environment = requireNonNull(environment, "environment is null");
        this.config = requireNonNull(config, "config is null");
        List<NodeId> memberIds = config.members().stream().map(Member::id).toList();
        if (!memberIds.contains(environment.self())) {
            throw new IllegalArgumentException(environment.self() + " is not among the members " + memberIds);
        }
        this.clock = new HybridLogicalClock(environment.clock(), environment.self());
        this.topology = new Topology(config.members(), config.keyspaces());
        this.liveness = new FailureDetector(environment.self(), environment.clock(), config.healing().phiThreshold(),
                config.heartbeatInterval(), config.failureTimeout(), memberIds);
        this.outbox = new Outbox(environment, clock, this::receive);
        this.requests = new Requests(environment.random());
        this.gossip = new Gossip(environment, outbox, liveness, memberIds, config.healing().gossipFanout(), () -> 0L);
        NodeContext context = new NodeContext(environment, config, topology, liveness, clock, outbox, requests);
        this.hints = new HintedHandoff(context, memberIds);
        this.repairReplica = new RepairReplica(environment.storage(), outbox);
        this.repairs = new RepairCoordinator(context);
        this.repairScheduler = new RepairScheduler(environment, topology, repairs, config.healing().repairInterval(),
                () -> stopped);
        this.purge = new TombstonePurge(context);
        this.replica = new ReplicaService(environment.storage(), outbox);
        this.writes = new WriteCoordinator(context, hints);
        this.reads = new ReadCoordinator(context);
        this.scans = new ScanCoordinator(context);
        this.counters = new CounterCoordinator(environment.self(), clock, reads, writes);
        this.acceptor = new PaxosAcceptor(environment.storage(), outbox, config);
        this.proposer = new PaxosProposer(context);
    }

    /**
     * Starts the periodic work (gossip, hint delivery, scheduled repair, tombstone purge). Call once, on
     * the node thread. The generation is the start time, but always above the last one stored: a restart with a clock that jumped back
     * must still look like a new generation to peers, or they would ignore it as old news.
     */
    public void start() {
        environment.storage().getState(GENERATION_STATE_KEY, stored -> {
            long last = stored instanceof StorageResult.Ok<Bytes> ok && ok.value() != null && ok.value().length() == 8
                    ? new WireReader(ok.value().arrayUnsafe()).readLong() : 0;
            long generation = Math.max(environment.clock().wallMillis(), last + 1);
            environment.storage().putState(GENERATION_STATE_KEY,
                    Bytes.wrapUnsafe(new WireWriter(8).writeLong(generation).toByteArray()), written -> { });
            gossip.setGeneration(generation);
            gossipRound();
            purge.start();
        });
        repairScheduler.start();
    }

    /** Stops scheduling periodic work; in-flight operations are abandoned. */
    public void stop() {
        stopped = true;
        purge.stop();
    }

    public NodeId self() {
        return environment.self();
    }

    public Topology topology() {
        return topology;
    }

    public FailureDetector liveness() {
        return liveness;
    }

    public HybridLogicalClock clock() {
        return clock;
    }

    /** Handles one message from a peer (or from this node itself). */
    public void receive(Envelope envelope) {
        if (stopped) {
            return;
        }
        clock.observe(envelope.clock());
        NodeId from = envelope.from();
        switch (envelope.message().verb()) {
            case MUTATION_REQUEST -> replica.onMutationRequest(from, (MutationRequest) envelope.message());
            case MUTATION_ACK -> requests.onMutationAck(from, (MutationAck) envelope.message());
            case READ_REQUEST -> replica.onReadRequest(from, (ReadRequest) envelope.message());
            case READ_RESPONSE -> reads.onReadResponse(from, (ReadResponse) envelope.message());
            case PAXOS_PREPARE -> acceptor.onPrepare(from, (PaxosPrepare) envelope.message());
            case PAXOS_PROMISE -> proposer.onPromise(from, (PaxosPromise) envelope.message());
            case PAXOS_PROPOSE -> acceptor.onPropose(from, (PaxosPropose) envelope.message());
            case PAXOS_ACCEPTED -> proposer.onAccepted(from, (PaxosAccepted) envelope.message());
            case PAXOS_COMMIT -> acceptor.onCommit(from, (PaxosCommit) envelope.message());
            case SCAN_REQUEST -> replica.onScanRequest(from, (ScanRequest) envelope.message());
            case SCAN_RESPONSE -> scans.onScanResponse(from, (ScanResponse) envelope.message());
            case GOSSIP -> gossip.onGossip(from, (GossipMessage) envelope.message());
            case MERKLE_TREE_REQUEST -> repairReplica.onTreeRequest(from, (MerkleTreeRequest) envelope.message());
            case MERKLE_TREE_RESPONSE -> repairs.onTreeResponse(from, (MerkleTreeResponse) envelope.message());
            case REPAIR_ROWS_REQUEST -> repairReplica.onRowsRequest(from, (RepairRowsRequest) envelope.message());
            case REPAIR_ROWS_RESPONSE -> repairs.onRowsResponse(from, (RepairRowsResponse) envelope.message());
            case REPAIR_STREAM -> repairReplica.onStream(from, (RepairStream) envelope.message());
        }
    }

    /**
     * Writes at {@code level} (null: the keyspace's default). See {@link WriteCoordinator}; at
     * SERIAL the write is a Paxos round that applies it unconditionally ({@link PaxosProposer}).
     */
    public void write(Mutation mutation, ConsistencyLevel level, Callback<WriteResult> done) {
        if (effectiveLevel(mutation.key(), level, false) == ConsistencyLevel.SERIAL) {
            proposer.execute(mutation.key(), current -> mutation.row(), result -> done.completed(
                    result instanceof SerialResult.Failed failed ? new WriteResult.Failed(failed.code(), failed.message())
                            : new WriteResult.Success(Timestamp.MIN)));
            return;
        }
        writes.write(mutation, level, done);
    }

    /**
     * Reads at {@code level} (null: the keyspace's default). See {@link ReadCoordinator}; at SERIAL
     * the read is a Paxos round that first finishes any proposal in progress (linearizable).
     */
    public void read(RowKey key, ConsistencyLevel level, Callback<ReadResult> done) {
        if (effectiveLevel(key, level, true) == ConsistencyLevel.SERIAL) {
            proposer.execute(key, current -> null, result -> done.completed(
                    result instanceof SerialResult.Success success ? new ReadResult.Success(success.current())
                            : new ReadResult.Failed(((SerialResult.Failed) result).code(),
                                    ((SerialResult.Failed) result).message())));
            return;
        }
        reads.read(key, level, done);
    }

    /**
     * One page of one slot: up to {@code limit} rows from {@code fromKey}, merged from the slot's
     * replicas at {@code level} (null: ONE). See {@link ScanCoordinator}.
     */
    public void scan(String keyspace, int slot, Bytes fromKey, int limit, ConsistencyLevel level,
                     Callback<ScanResult> done) {
        scans.scan(keyspace, slot, fromKey, limit, level, done);
    }

    /**
     * Adds {@code delta} to the counter at {@code key} (INCR, DECR, INCRBY...) at {@code level}
     * (null: the keyspace's default) and answers its new value. See {@link CounterCoordinator}.
     */
    public void increment(RowKey key, long delta, ConsistencyLevel level, Callback<CounterResult> done) {
        if (effectiveLevel(key, level, false) == ConsistencyLevel.SERIAL) {
            done.completed(new CounterResult.Failed(chorus.api.ErrorCode.BAD_REQUEST, "counters do not run at SERIAL:"
                    + " increments merge without conflicts at ONE, QUORUM or ALL"));
            return;
        }
        counters.increment(key, delta, level, environment.clock().wallMillis(), done);
    }

    /**
     * Runs a compare-and-set style operation through Paxos (D6): {@code operation} sees the key's
     * current value and decides the update, with no other SERIAL operation in between.
     */
    public void serial(RowKey key, SerialOperation operation, Callback<SerialResult> done) {
        proposer.execute(key, operation, done);
    }

    private ConsistencyLevel effectiveLevel(RowKey key, ConsistencyLevel requested, boolean read) {
        if (requested != null) {
            return requested;
        }
        return topology.keyspace(key.keyspace())
                .map(keyspace -> read ? keyspace.defaultRead() : keyspace.defaultWrite()).orElse(null);
    }

    /** Operations this node is coordinating now. */
    public int pendingOperations() {
        return writes.pendingCount() + reads.pendingCount() + proposer.pendingCount() + scans.pendingCount();
    }

    private void gossipRound() {
        if (stopped) {
            return;
        }
        gossip.round();
        hints.deliverDue();
        environment.scheduler().schedule(config.heartbeatInterval(), this::gossipRound);
    }

    /** What this node believes about each peer (up or down, phi, generation, last heard), in node order. */
    public List<PeerStatus> membership() {
        return gossip.view();
    }

    /** This node's tombstone purge (D4), for its counters and for tests that sweep at a chosen time. */
    public TombstonePurge purge() {
        return purge;
    }

    /** This node's hinted handoff, for its counters. */
    public HintedHandoff hints() {
        return hints;
    }

    /**
     * Repairs {@code slots} of {@code keyspace} between their replicas, this node coordinating
     * (D8): see {@link RepairCoordinator}. {@code progress} hears after every slot and at the end.
     */
    public void repair(String keyspace, List<Integer> slots, Callback<RepairProgress> progress) {
        repairs.repair(keyspace, slots, progress);
    }

    /**
     * This node's own digest (Merkle root and row count) of each of {@code slots} of {@code keyspace}
     * that it replicates, ascending; slots it does not replicate are left out, so digests from
     * several nodes compare each slot only between its replicas. Unknown keyspace: no digests.
     */
    public void digest(String keyspace, List<Integer> slots, Callback<List<SlotDigest>> done) {
        Keyspace space = topology.keyspace(keyspace).orElse(null);
        if (space == null) {
            done.completed(List.of());
            return;
        }
        SlotTable table = topology.slotTable(space);
        List<Integer> replicated = slots.stream().distinct().sorted()
                .filter(slot -> table.isReplica(slot, environment.self())).toList();
        repairReplica.digest(keyspace, replicated, config.healing().merkleDepth(), done);
    }

    /** Scheduled background repair rounds this node has completed since it started. */
    public long repairRoundsCompleted() {
        return repairScheduler.roundsCompleted();
    }
}
