package chorus.core.membership;

import static java.util.Objects.requireNonNull;

import chorus.core.message.GossipMessage;
import chorus.core.node.NodeEnvironment;
import chorus.core.node.Outbox;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership by gossip (D8, after Cassandra's Gossiper): every round this node increments its own
 * heartbeat version and sends every endpoint state it knows to {@code fanout} peers chosen at
 * random (seeded, so simulations replay). A receiver keeps the newer state of each node and feeds
 * the {@link FailureDetector} when a peer's heartbeat advanced, so news travels in O(log N) rounds
 * and reaches a node even over paths that avoid a cut link. A new generation is a restart.
 *
 * <p>Messages are small (one state per member) and carry no reply: lost ones are made up for by the
 * next round. Not thread-safe: owned by the node thread.
 */
public final class Gossip {
    private static final Logger LOG = LoggerFactory.getLogger(Gossip.class);

    private final NodeEnvironment environment;
    private final Outbox outbox;
    private final FailureDetector detector;
    private final List<NodeId> peers;
    private final int fanout;
    private final LongSupplier epoch;
    private final Map<NodeId, EndpointState> states = new TreeMap<>();
    private long generation;
    private long heartbeatVersion;

    public Gossip(NodeEnvironment environment, Outbox outbox, FailureDetector detector, List<NodeId> members, int fanout,
                  LongSupplier epoch) {
        this.environment = requireNonNull(environment, "environment is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.detector = requireNonNull(detector, "detector is null");
        this.peers = members.stream().filter(member -> !member.equals(environment.self())).toList();
        this.fanout = fanout;
        this.epoch = requireNonNull(epoch, "epoch is null");
    }

    /** Sets this process's generation; rounds before this gossip nothing about this node. */
    public void setGeneration(long newGeneration) {
        generation = newGeneration;
        heartbeatVersion = 0;
    }

    public long generation() {
        return generation;
    }

    /** One round: a new heartbeat of this node, sent with everything known to a few random peers. */
    public void round() {
        detector.check();
        if (generation == 0) {
            return;
        }
        heartbeatVersion++;
        states.put(environment.self(), new EndpointState(environment.self(), generation, heartbeatVersion,
                epoch.getAsLong()));
        GossipMessage message = new GossipMessage(List.copyOf(states.values()));
        for (NodeId peer : pickPeers()) {
            outbox.send(peer, message);
        }
    }

    private List<NodeId> pickPeers() {
        List<NodeId> candidates = new ArrayList<>(peers);
        List<NodeId> picked = new ArrayList<>(fanout);
        while (picked.size() < fanout && !candidates.isEmpty()) {
            picked.add(candidates.remove(environment.random().nextInt(candidates.size())));
        }
        return picked;
    }

    /** Keeps the newer state of each node; a heartbeat that advanced feeds the failure detector. */
    public void onGossip(NodeId from, GossipMessage message) {
        for (EndpointState state : message.states()) {
            if (state.node().equals(environment.self())) {
                continue;
            }
            EndpointState known = states.get(state.node());
            if (known != null && !state.supersedes(known)) {
                continue;
            }
            states.put(state.node(), state);
            boolean restarted = known != null && state.generation() != known.generation();
            if (restarted) {
                LOG.info("{} saw {} restart (generation {} -> {}, via {})", environment.self(), state.node(),
                        known.generation(), state.generation(), from);
            }
            detector.onHeartbeat(state.node(), restarted);
        }
    }

    /** What this node believes about each peer, in node order. */
    public List<PeerStatus> view() {
        List<PeerStatus> view = new ArrayList<>(peers.size());
        for (NodeId peer : peers) {
            EndpointState state = states.get(peer);
            view.add(new PeerStatus(peer, detector.isAlive(peer), detector.phi(peer),
                    state == null ? 0 : state.generation(), state == null ? 0 : state.heartbeatVersion(),
                    state == null ? 0 : state.epoch(), detector.lastHeardMillis(peer)));
        }
        return view;
    }
}
