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
 * and how many slots of the default keyspace it holds a replica of. Taken on the node thread, then
 * read anywhere.
 */
record ClusterView(NodeId self, int replicationFactor, List<MemberView> members) {
    record MemberView(Member member, boolean up, int slots) {
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
        return new ClusterView(node.self(), keyspace.replicationFactor(), members);
    }
}
