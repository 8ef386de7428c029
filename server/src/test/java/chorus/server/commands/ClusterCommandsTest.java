package chorus.server.commands;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.node.Keyspace;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import chorus.core.topology.SlotTable;
import chorus.core.topology.Slots;
import chorus.server.cli.RespClient;
import chorus.server.node.ChorusNode;
import chorus.server.node.TestNodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLUSTER SLOTS and CLUSTER NODES against three in-process nodes with replication factor 2, so a
 * slot's replicas are a strict subset of the members: the replies must match the core's slot
 * table slot for slot, and be the same through every node.
 */
@Timeout(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCommandsTest {
    @TempDir
    static Path data;
    static final List<ChorusNode> nodes = new ArrayList<>();
    static SlotTable table;

    @BeforeAll
    static void startCluster() {
        for (var config : TestNodes.cluster(3, data, Map.of("replication-factor", "2", "heartbeat-interval", "100ms",
                "failure-timeout", "1s"))) {
            nodes.add(ChorusNode.start(config));
        }
        table = nodes.get(0).access().inspect(node -> node.topology().slotTable(
                node.topology().keyspace(Keyspace.DEFAULT_NAME).orElseThrow())).toCompletableFuture().join();
    }

    @AfterAll
    static void stopCluster() {
        nodes.forEach(ChorusNode::close);
    }

    private static Map<String, NodeId> idsByClusterId() {
        Map<String, NodeId> ids = new HashMap<>();
        for (Member member : table.members()) {
            ids.put(ClusterCommands.clusterId(member.id()), member.id());
        }
        return ids;
    }

    @Test
    @Order(1)
    void clusterSlotsListsEverySlotWithItsReplicasPreferredFirst() throws IOException {
        Map<String, NodeId> ids = idsByClusterId();
        List<Object> first = null;
        for (ChorusNode node : nodes) {
            try (RespClient client = RespClient.connect("127.0.0.1", node.clientAddress().getPort(), 10_000)) {
                @SuppressWarnings("unchecked")
                List<Object> ranges = (List<Object>) client.call("CLUSTER", "SLOTS");
                if (first == null) {
                    first = ranges;
                }
                assertThat(ranges).isEqualTo(first);
            }
        }
        int next = 0;
        for (Object item : first) {
            List<?> range = (List<?>) item;
            int start = ((Long) range.get(0)).intValue();
            int end = ((Long) range.get(1)).intValue();
            assertThat(start).isEqualTo(next);
            List<NodeId> replicas = new ArrayList<>();
            for (Object entry : range.subList(2, range.size())) {
                List<?> nodeEntry = (List<?>) entry;
                NodeId id = ids.get((String) nodeEntry.get(2));
                replicas.add(id);
                Member member = table.members().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
                assertThat(nodeEntry.get(0) + ":" + nodeEntry.get(1)).isEqualTo(member.clientAddress());
            }
            for (int slot = start; slot <= end; slot++) {
                assertThat(replicas).as("slot %d", slot).isEqualTo(table.replicas(slot));
            }
            next = end + 1;
        }
        assertThat(next).isEqualTo(Slots.COUNT);
    }

    @Test
    @Order(2)
    void clusterNodesGivesEachSlotToItsPreferredReplica() throws IOException {
        Map<String, NodeId> ids = idsByClusterId();
        try (RespClient client = RespClient.connect("127.0.0.1", nodes.get(1).clientAddress().getPort(), 10_000)) {
            String text = (String) client.call("CLUSTER", "NODES");
            String[] lines = text.split("\n");
            assertThat(lines).hasSize(3);
            NodeId[] owner = new NodeId[Slots.COUNT];
            for (String line : lines) {
                String[] fields = line.split(" ");
                NodeId id = ids.get(fields[0]);
                assertThat(fields[2]).isEqualTo(id.equals(NodeId.of(2)) ? "myself,master" : "master");
                assertThat(fields[7]).isEqualTo("connected");
                for (int i = 8; i < fields.length; i++) {
                    String[] bounds = fields[i].split("-");
                    int start = Integer.parseInt(bounds[0]);
                    int end = Integer.parseInt(bounds[bounds.length - 1]);
                    for (int slot = start; slot <= end; slot++) {
                        assertThat(owner[slot]).isNull();
                        owner[slot] = id;
                    }
                }
            }
            for (int slot = 0; slot < Slots.COUNT; slot++) {
                assertThat(owner[slot]).as("slot %d", slot).isEqualTo(table.preferred(slot));
            }
            assertThat((String) client.call("CLUSTER", "INFO")).contains("cluster_known_nodes:3", "cluster_size:3");
        }
    }

    /** Runs last: it stops n3. */
    @Test
    @Order(3)
    void slotsOfADownReplicaGoToTheNextLiveOne() throws Exception {
        Map<String, NodeId> ids = idsByClusterId();
        nodes.get(2).close();
        try (RespClient client = RespClient.connect("127.0.0.1", nodes.get(0).clientAddress().getPort(), 10_000)) {
            String text = "";
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!text.contains("master,fail") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                text = (String) client.call("CLUSTER", "NODES");
            }
            NodeId down = NodeId.of(3);
            for (String line : text.split("\n")) {
                String[] fields = line.split(" ");
                if (ids.get(fields[0]).equals(down)) {
                    assertThat(fields).hasSize(8); // Down: flagged, and owns no slot.
                    assertThat(fields[2]).isEqualTo("master,fail");
                    assertThat(fields[7]).isEqualTo("disconnected");
                }
            }
            for (Object item : (List<?>) client.call("CLUSTER", "SLOTS")) {
                List<?> range = (List<?>) item;
                NodeId preferred = ids.get((String) ((List<?>) range.get(2)).get(2));
                int start = ((Long) range.get(0)).intValue();
                List<NodeId> replicas = table.replicas(start);
                assertThat(preferred).isEqualTo(replicas.get(0).equals(down) ? replicas.get(1) : replicas.get(0));
            }
        }
    }
}
