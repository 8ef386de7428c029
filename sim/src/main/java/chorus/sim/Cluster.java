package chorus.sim;

import chorus.core.node.NodeConfig;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The simulated machines of one run, their network and their trace. */
final class Cluster {
    private final Simulation simulation;
    private final SimNetwork network;
    private final Trace trace;
    private final List<SimNode> nodes = new ArrayList<>();

    Cluster(Simulation simulation, NodeConfig config, FaultPlan faults, Trace trace, long maxInitialSkewMillis) {
        this.simulation = simulation;
        this.trace = trace;
        this.network = new SimNetwork(simulation, simulation.newRandomStream(), faults, trace);
        for (Member member : config.members()) {
            SplittableRandom random = simulation.newRandomStream();
            long skew = maxInitialSkewMillis == 0 ? 0 : random.nextLong(-maxInitialSkewMillis, maxInitialSkewMillis + 1);
            SimStorage storage = new SimStorage(simulation, random.split(), faults);
            nodes.add(new SimNode(simulation, member.id(), config, new SimClock(simulation, skew), storage, network, random));
        }
    }

    /** A cluster with no random faults and no skew, for scripted scenarios: the test injects the faults. */
    static Cluster faultFree(Simulation simulation, NodeConfig config) {
        return new Cluster(simulation, config, FaultPlan.none(), new Trace(simulation, null, 0), 0);
    }

    static List<Member> members(int count) {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            members.add(new Member(NodeId.of(i), "127.0.0." + i + ":7100", "127.0.0." + i + ":7001", "rack" + (1 + (i - 1) % 3)));
        }
        return members;
    }

    void startAll() {
        nodes.forEach(SimNode::start);
    }

    List<SimNode> nodes() {
        return nodes;
    }

    SimNode node(NodeId id) {
        return nodes.get(id.value() - 1);
    }

    SimNetwork network() {
        return network;
    }

    Trace trace() {
        return trace;
    }

    Simulation simulation() {
        return simulation;
    }

    List<SimNode> upNodes() {
        return nodes.stream().filter(SimNode::isUp).toList();
    }

    SimNode randomUpNode(SplittableRandom random) {
        List<SimNode> up = upNodes();
        return up.isEmpty() ? null : up.get(random.nextInt(up.size()));
    }
}
