package chorus.core.node;

import static java.util.Objects.requireNonNull;

import chorus.api.ConsistencyLevel;
import chorus.core.membership.FailureDetector;
import chorus.core.message.Envelope;
import chorus.core.message.Heartbeat;
import chorus.core.message.MutationAck;
import chorus.core.message.MutationRequest;
import chorus.core.message.ReadRequest;
import chorus.core.message.ReadResponse;
import chorus.core.model.Mutation;
import chorus.core.model.RowKey;
import chorus.core.port.Callback;
import chorus.core.replication.ReadCoordinator;
import chorus.core.replication.ReadResult;
import chorus.core.replication.ReplicaService;
import chorus.core.replication.Requests;
import chorus.core.replication.WriteCoordinator;
import chorus.core.replication.WriteResult;
import chorus.core.time.HybridLogicalClock;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import chorus.core.topology.Topology;
import java.util.List;

/**
 * One node's protocol logic, free of I/O (D1). Its only inputs are {@link #receive} (a message
 * from a peer), client calls ({@link #write}, {@link #read}), scheduled tasks and storage
 * completions, all on the one node thread; its only outputs are calls on the ports of its
 * {@link NodeEnvironment}. Production and the simulator build it from different adapters.
 */
public final class Node {
    private final NodeEnvironment environment;
    private final NodeConfig config;
    private final HybridLogicalClock clock;
    private final Topology topology;
    private final FailureDetector liveness;
    private final Outbox outbox;
    private final ReplicaService replica;
    private final WriteCoordinator writes;
    private final ReadCoordinator reads;
    private final Requests requests;
    private final long generation;
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
        this.liveness = new FailureDetector(environment.self(), environment.clock(), config.failureTimeout(), memberIds);
        this.outbox = new Outbox(environment, clock, this::receive);
        this.requests = new Requests(environment.random());
        this.replica = new ReplicaService(environment.storage(), outbox);
        this.writes = new WriteCoordinator(environment, config, topology, liveness, clock, outbox, requests);
        this.reads = new ReadCoordinator(environment, config, topology, liveness, outbox, requests);
        this.generation = environment.clock().wallMillis();
    }

    /** Starts the periodic work (heartbeats). Call once, on the node thread. */
    public void start() {
        heartbeat();
    }

    /** Stops scheduling periodic work; in-flight operations are abandoned. */
    public void stop() {
        stopped = true;
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
        liveness.onHeard(envelope.from());
        NodeId from = envelope.from();
        switch (envelope.message().verb()) {
            case HEARTBEAT -> { }
            case MUTATION_REQUEST -> replica.onMutationRequest(from, (MutationRequest) envelope.message());
            case MUTATION_ACK -> requests.onMutationAck(from, (MutationAck) envelope.message());
            case READ_REQUEST -> replica.onReadRequest(from, (ReadRequest) envelope.message());
            case READ_RESPONSE -> reads.onReadResponse(from, (ReadResponse) envelope.message());
        }
    }

    /** Writes at {@code level} (null: the keyspace's default). See {@link WriteCoordinator}. */
    public void write(Mutation mutation, ConsistencyLevel level, Callback<WriteResult> done) {
        writes.write(mutation, level, done);
    }

    /** Reads at {@code level} (null: the keyspace's default). See {@link ReadCoordinator}. */
    public void read(RowKey key, ConsistencyLevel level, Callback<ReadResult> done) {
        reads.read(key, level, done);
    }

    /** Operations this node is coordinating now. */
    public int pendingOperations() {
        return writes.pendingCount() + reads.pendingCount();
    }

    private void heartbeat() {
        if (stopped) {
            return;
        }
        liveness.check();
        for (Member member : config.members()) {
            if (!member.id().equals(environment.self())) {
                outbox.send(member.id(), new Heartbeat(generation));
            }
        }
        environment.scheduler().schedule(config.heartbeatInterval(), this::heartbeat);
    }
}
