package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.replication.ScanResult;
import chorus.core.replication.WriteResult;
import chorus.core.topology.NodeId;
import chorus.core.topology.Slots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paging through one slot returns every key once, in order, even from replicas that missed some. */
class ScanScenarioTest {
    private static final long SECOND = 1_000_000_000L;

    private final Simulation simulation = new Simulation(21);
    private final NodeConfig config = NodeConfig.defaults(Cluster.members(3));
    private final Cluster cluster = Cluster.faultFree(simulation, config);

    @Test
    void pagesCoverEveryKeyOfTheSlotExactlyOnceInKeyOrder() {
        cluster.startAll();
        simulation.runFor(SECOND);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            NodeId missing = NodeId.of(1 + i % 3); // Every key is missing from one replica.
            for (NodeId other : List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3))) {
                if (!other.equals(missing)) {
                    cluster.network().cut(other, missing);
                }
            }
            String key = "{tag}key" + (1000 + i);
            List<WriteResult> result = new ArrayList<>();
            NodeId via = NodeId.of(1 + (i + 1) % 3);
            cluster.node(via).node().write(new Mutation(new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8(key)),
                    Row.set(Bytes.utf8("v"), 0)), ConsistencyLevel.QUORUM, result::add);
            simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 5 * SECOND);
            assertThat(result.get(0)).isInstanceOf(WriteResult.Success.class);
            cluster.network().healAll();
            written.add(key);
        }
        int slot = Slots.slotOf(Bytes.utf8("{tag}"));

        List<String> scanned = new ArrayList<>();
        Bytes from = Bytes.EMPTY;
        int pages = 0;
        while (from != null) {
            List<ScanResult> page = new ArrayList<>();
            cluster.node(NodeId.of(2)).node().scan(Keyspace.DEFAULT_NAME, slot, from, 7, ConsistencyLevel.QUORUM, page::add);
            simulation.runUntil(() -> !page.isEmpty(), simulation.nowNanos() + 5 * SECOND);
            ScanResult.Page result = (ScanResult.Page) page.get(0);
            result.rows().forEach(row -> scanned.add(row.key().key().utf8()));
            assertThat(result.rows().size()).isLessThanOrEqualTo(7);
            from = result.nextKey();
            pages++;
        }
        assertThat(scanned).containsExactlyElementsOf(written);
        assertThat(pages).isBetween(8, 9);
    }

    @Test
    void aScanNeedsOnlyTheReplicasOfItsOwnSlot() {
        Simulation six = new Simulation(22);
        Cluster cluster = Cluster.faultFree(six, NodeConfig.defaults(Cluster.members(6)));
        cluster.startAll();
        six.runFor(SECOND);
        var topology = cluster.node(NodeId.of(1)).node().topology();
        var table = topology.slotTable(topology.keyspace(Keyspace.DEFAULT_NAME).orElseThrow());
        // A slot whose replicas are disjoint from those of slot 0, where a scan from the empty key would start.
        int slot = 1;
        while (table.replicas(slot).stream().anyMatch(table.replicas(0)::contains)) {
            slot++;
        }
        NodeId coordinator = table.replicas(slot).get(0);
        for (NodeId down : table.replicas(0)) {
            cluster.node(down).crash();
        }
        six.runFor(30 * SECOND);

        List<ScanResult> page = new ArrayList<>();
        cluster.node(coordinator).node().scan(Keyspace.DEFAULT_NAME, slot, Bytes.EMPTY, 10, ConsistencyLevel.ALL, page::add);
        six.runUntil(() -> !page.isEmpty(), six.nowNanos() + 5 * SECOND);

        assertThat(page.get(0)).isInstanceOf(ScanResult.Page.class);
    }
}
