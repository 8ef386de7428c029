package chorus.sim;

import chorus.core.message.Envelope;
import chorus.core.message.Message;
import chorus.core.message.MutationAck;
import chorus.core.message.MutationRequest;
import chorus.core.message.PaxosAccepted;
import chorus.core.message.PaxosCommit;
import chorus.core.message.PaxosPrepare;
import chorus.core.message.PaxosPromise;
import chorus.core.message.PaxosPropose;
import chorus.core.message.ReadRequest;
import chorus.core.message.ReadResponse;
import chorus.core.message.Verb;
import chorus.core.port.MessageSink;
import chorus.core.topology.NodeId;
import chorus.wire.MessageCodec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The simulated network. Every message is encoded with the real wire codec and decoded again on
 * delivery, so no object is shared between nodes and codec bugs surface here. The fault plan
 * decides per message whether it is dropped, duplicated or delayed (jitter reorders messages);
 * cut links (one-way or both ways) drop everything on them until healed.
 */
final class SimNetwork {
    private final Simulation simulation;
    private final SplittableRandom random;
    private final FaultPlan faults;
    private final Trace trace;
    private final Map<NodeId, Consumer<Envelope>> receivers = new HashMap<>();
    private final Set<Long> cutLinks = new TreeSet<>();
    private final Set<String> droppedVerbs = new TreeSet<>();
    /** "from/verb" → extra delay, a scripted slow replica. */
    private final Map<String, Long> slowVerbs = new HashMap<>();
    /** (verb, to) → messages sent, for scenarios that count what a coordinator asks of whom. */
    private final Map<Long, Long> sentByVerbAndTarget = new HashMap<>();
    private final Set<Long> tracedRequests = new HashSet<>();
    private long sent;
    private long delivered;

    SimNetwork(Simulation simulation, SplittableRandom random, FaultPlan faults, Trace trace) {
        this.simulation = simulation;
        this.random = random;
        this.faults = faults;
        this.trace = trace;
    }

    /** {@code receiver} gets every message delivered to {@code node}; it decides whether the node is up. */
    void register(NodeId node, Consumer<Envelope> receiver) {
        receivers.put(node, receiver);
    }

    MessageSink sinkFor(NodeId from) {
        return (to, envelope) -> send(from, to, envelope);
    }

    void cut(NodeId from, NodeId to) {
        cutLinks.add(link(from, to));
    }

    /** Loses every message of {@code verb} that {@code from} sends, until healed: a scripted fault. */
    void drop(NodeId from, Verb verb) {
        droppedVerbs.add(from + "/" + verb);
    }

    /** Delays every message of {@code verb} that {@code from} sends by {@code extraNanos}, until healed. */
    void slow(NodeId from, Verb verb, long extraNanos) {
        slowVerbs.put(from + "/" + verb, extraNanos);
    }

    void healAll() {
        cutLinks.clear();
        droppedVerbs.clear();
        slowVerbs.clear();
    }

    /** Messages of {@code verb} sent to {@code to} so far (messages a node sends itself never reach the network). */
    long sent(Verb verb, NodeId to) {
        return sentByVerbAndTarget.getOrDefault(verbAndTarget(verb, to), 0L);
    }

    /** Messages of {@code verb} sent so far, to anyone. */
    long sent(Verb verb) {
        long total = 0;
        for (Map.Entry<Long, Long> entry : sentByVerbAndTarget.entrySet()) {
            total += entry.getKey() >>> 32 == verb.ordinal() ? entry.getValue() : 0;
        }
        return total;
    }

    private static long verbAndTarget(Verb verb, NodeId to) {
        return ((long) verb.ordinal() << 32) | to.value();
    }

    boolean isCut(NodeId from, NodeId to) {
        return cutLinks.contains(link(from, to));
    }

    long sent() {
        return sent;
    }

    long delivered() {
        return delivered;
    }

    private void send(NodeId from, NodeId to, Envelope envelope) {
        sent++;
        sentByVerbAndTarget.merge(verbAndTarget(envelope.message().verb(), to), 1L, Long::sum);
        byte[] bytes = MessageCodec.encode(envelope);
        traceMessage("send", from, to, envelope.message());
        if (isCut(from, to) || random.nextDouble() < faults.dropRate()
                || (!droppedVerbs.isEmpty() && droppedVerbs.contains(from + "/" + envelope.message().verb()))) {
            traceMessage("drop", from, to, envelope.message());
            return;
        }
        int copies = random.nextDouble() < faults.duplicateRate() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = faults.latencyNanos() + (faults.jitterNanos() > 0 ? random.nextLong(faults.jitterNanos()) : 0)
                    + (slowVerbs.isEmpty() ? 0 : slowVerbs.getOrDefault(from + "/" + envelope.message().verb(), 0L));
            simulation.schedule(delay, () -> deliver(from, to, bytes));
        }
    }

    private void deliver(NodeId from, NodeId to, byte[] bytes) {
        if (isCut(from, to)) { // A link cut while the message was in flight loses it too.
            return;
        }
        Consumer<Envelope> receiver = receivers.get(to);
        if (receiver == null) {
            return;
        }
        delivered++;
        trace.mix(simulation.nowNanos());
        trace.mix(to.value());
        trace.mix(bytes);
        Envelope envelope = MessageCodec.decode(bytes);
        traceMessage("recv", from, to, envelope.message());
        receiver.accept(envelope);
    }

    private void traceMessage(String event, NodeId from, NodeId to, Message message) {
        if (!trace.traces(null)) {
            return;
        }
        String key = switch (message.verb()) {
            case MUTATION_REQUEST -> ((MutationRequest) message).mutation().key().key().utf8();
            case READ_REQUEST -> ((ReadRequest) message).key().key().utf8();
            case PAXOS_PREPARE -> ((PaxosPrepare) message).key().key().utf8();
            case PAXOS_PROPOSE -> ((PaxosPropose) message).key().key().utf8();
            case PAXOS_COMMIT -> ((PaxosCommit) message).key().key().utf8();
            default -> null;
        };
        long requestId = switch (message.verb()) {
            case MUTATION_REQUEST -> ((MutationRequest) message).requestId();
            case READ_REQUEST -> ((ReadRequest) message).requestId();
            case MUTATION_ACK -> ((MutationAck) message).requestId();
            case READ_RESPONSE -> ((ReadResponse) message).requestId();
            case PAXOS_PREPARE -> ((PaxosPrepare) message).requestId();
            case PAXOS_PROMISE -> ((PaxosPromise) message).requestId();
            case PAXOS_PROPOSE -> ((PaxosPropose) message).requestId();
            case PAXOS_ACCEPTED -> ((PaxosAccepted) message).requestId();
            case PAXOS_COMMIT -> ((PaxosCommit) message).requestId();
            case SCAN_REQUEST, SCAN_RESPONSE, GOSSIP, MERKLE_TREE_REQUEST, MERKLE_TREE_RESPONSE,
                    REPAIR_ROWS_REQUEST, REPAIR_ROWS_RESPONSE, REPAIR_STREAM -> -1;
        };
        if (key != null && trace.traces(key)) {
            tracedRequests.add(requestId);
        }
        if (tracedRequests.contains(requestId)) {
            trace.line(null, () -> event + " " + from + "->" + to + " " + message);
        }
    }

    private static long link(NodeId from, NodeId to) {
        return ((long) from.value() << 32) | to.value();
    }
}
