package chorus.server.commands;

import chorus.core.node.Keyspace;
import chorus.core.node.Node;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one node sees it at one moment: each member, whether this node believes it is up,
 * how many slots of the default keyspace it holds a replica of, and this node's healing counters. Taken on the node thread, then
 * read anywhere.
 */
record ClusterView(NodeId self, int replicationFactor, List<MemberView> members, Healing healing) {
    record MemberView(Member member, boolean up, int slots) {
    }

    /**
     * This node's hinted handoff counters (since it started) and the peers it may still hold hints
     * for, and the scheduled repair rounds it completed: what an operator watches after an outage.
     */
    record Healing(long hintsStored, long hintsDelivered, long hintsExpired, long hintsOverflowed,
                   long hintsStoreFailed, List<NodeId> hintsPendingFor, long repairRounds) {
    }

    /** Call on the node thread only: it reads the failure detector. */
    static ClusterView of(Node node) {
        Keyspace keyspace = node.topology().keyspace(Keyspace.DEFAULT_NAME).orElseThrow();
        Map<NodeId, Integer> slotCounts = node.topology().slotTable(keyspace).slotCounts();
        List<MemberView> members = new ArrayList<>();
        for (Member member : node.topology().members()) {
            members.add(new MemberView(member, node.liveness().isAlive(member.id()),
                    slotCounts.getOrDefault(member.id(), 0)));
        }
        Healing healing = new Healing(node.hints().stored(), node.hints().delivered(), node.hints().expired(),
                node.hints().overflowed(), node.hints().storeFailures(), node.hints().targetsWithHints(),
                node.repairRoundsCompleted());
        return new ClusterView(node.self(), keyspace.replicationFactor(), members, healing);
    }
}
