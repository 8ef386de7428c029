package chorus.sim;

import chorus.api.Bytes;
import chorus.core.antientropy.MerkleTree;
import chorus.core.model.Row;
import chorus.core.node.Keyspace;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replicas converge: every replica of every given slot holds identical data, judged as repair judges
 * it (equal Merkle roots over the durable rows), and, when roots differ, explained key by key. It
 * reads the simulated disks directly, never through a node.
 */
final class ConvergenceChecker {
    private static final int DEPTH = 8;

    private ConvergenceChecker() {
    }

    static List<Violation> check(Cluster cluster, String keyspaceName, List<Integer> slots) {
        List<Violation> violations = new ArrayList<>();
        SimNode any = cluster.nodes().get(0);
        Keyspace keyspace = any.node() == null ? Keyspace.defaultKeyspace(3)
                : any.node().topology().keyspace(keyspaceName).orElseThrow();
        for (int slot : slots) {
            List<NodeId> replicas = cluster.nodes().stream().filter(node -> node.node() != null).findFirst()
                    .orElseThrow().node().topology().slotTable(keyspace).replicas(slot);
            Map<NodeId, TreeMap<Bytes, Row>> rows = new TreeMap<>();
            Map<NodeId, Long> roots = new TreeMap<>();
            for (NodeId replica : replicas) {
                TreeMap<Bytes, Row> held = cluster.node(replica).storage().slotRows(keyspaceName, slot);
                rows.put(replica, held);
                roots.put(replica, root(held));
            }
            if (new TreeSet<>(roots.values()).size() > 1) {
                violations.add(divergence(slot, replicas, rows, roots));
            }
        }
        return violations;
    }

    static long root(TreeMap<Bytes, Row> rows) {
        MerkleTree tree = new MerkleTree(DEPTH);
        rows.forEach(tree::add);
        return tree.root();
    }

    private static Violation divergence(int slot, List<NodeId> replicas, Map<NodeId, TreeMap<Bytes, Row>> rows,
                                        Map<NodeId, Long> roots) {
        TreeSet<Bytes> keys = new TreeSet<>();
        rows.values().forEach(held -> keys.addAll(held.keySet()));
        String firstKey = null;
        StringBuilder detail = new StringBuilder("after healing and a repair round, slot " + slot + " has Merkle roots "
                + roots + ";");
        for (Bytes key : keys) {
            Row first = rows.get(replicas.get(0)).getOrDefault(key, Row.EMPTY);
            for (NodeId replica : replicas) {
                Row row = rows.get(replica).getOrDefault(key, Row.EMPTY);
                if (!row.equals(first)) {
                    if (firstKey == null) {
                        firstKey = key.utf8();
                        detail.append(" key ").append(firstKey).append(": ").append(replica).append(" holds ").append(row)
                                .append(" but ").append(replicas.get(0)).append(" holds ").append(first);
                    }
                }
            }
        }
        return new Violation("divergence", firstKey, detail.toString());
    }
}
