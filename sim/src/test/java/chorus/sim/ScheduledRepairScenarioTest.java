package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.antientropy.RepairProgress;
import chorus.core.antientropy.SlotDigest;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.HealingConfig;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.port.StorageResult;
import chorus.core.replication.WriteResult;
import chorus.core.topology.NodeId;
import chorus.core.topology.SlotTable;
import chorus.core.topology.Slots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What the operator's repair tools stand on: a node's own per-slot digests (CHORUS DIGEST), the
 * reason a repair gives for a failed slot, and scheduled background repair, which makes replicas
 * converge with nobody running {@code chorus repair}.
 */
class ScheduledRepairScenarioTest {
    private static final long SECOND = 1_000_000_000L;

    private final NodeId n1 = NodeId.of(1);
    private final NodeId n2 = NodeId.of(2);
    private final NodeId n3 = NodeId.of(3);

    private Simulation simulation;
    private Cluster cluster;

    private void startCluster(int nodes, HealingConfig healing) {
        simulation = new Simulation(11);
        NodeConfig config = NodeConfig.defaults(Cluster.members(nodes)).withHealing(healing);
        cluster = new Cluster(simulation, config, FaultPlan.none(), new Trace(simulation, null, 0), 0);
        cluster.startAll();
        simulation.runFor(5 * SECOND);
    }

    @Test
    void digestsDifferExactlyInTheSlotsWhereReplicasDivergeAndAgreeAfterRepair() {
        startCluster(3, HealingConfig.defaults().withMerkleDepth(4));
        for (int i = 0; i < 40; i++) {
            assertThat(set(n1, "key" + i, "v" + i)).isInstanceOf(WriteResult.Success.class);
        }
        applyDirectly(n2, "key7", "newer");
        int diverged = key("key7").slot();
        List<Integer> slots = IntStream.range(0, Slots.COUNT).boxed().toList();

        Map<Integer, SlotDigest> before1 = digest(n1, slots);
        Map<Integer, SlotDigest> before2 = digest(n2, slots);
        assertThat(before1).hasSize(Slots.COUNT);
        List<Integer> differing = slots.stream()
                .filter(slot -> before1.get(slot).root() != before2.get(slot).root()).toList();
        assertThat(differing).containsExactly(diverged);
        SlotDigest oneKey = before1.get(key("key3").slot());
        assertThat(oneKey.rows()).isEqualTo(1);
        // What repair would stream for it: the key and its encoded row (a 2-byte value plus cell metadata).
        assertThat(oneKey.bytes()).isBetween(4L + 2, 4L + 2 + 64);
        assertThat(before1.values()).allMatch(SlotDigest::ok);

        RepairProgress repaired = repair(n3, List.of(diverged));
        assertThat(repaired.slotsFailed()).isZero();
        assertThat(repaired.firstFailure()).isEmpty();
        assertThat(digest(n1, List.of(diverged))).isEqualTo(digest(n2, List.of(diverged)))
                .isEqualTo(digest(n3, List.of(diverged)));
    }

    @Test
    void aNodeDigestsOnlyTheSlotsItReplicates() {
        startCluster(5, HealingConfig.defaults().withMerkleDepth(2));
        List<Integer> slots = IntStream.range(0, 200).boxed().toList();
        Keyspace keyspace = cluster.node(n1).node().topology().keyspace(Keyspace.DEFAULT_NAME).orElseThrow();
        SlotTable table = cluster.node(n1).node().topology().slotTable(keyspace);
        List<Integer> replicated = slots.stream().filter(slot -> table.isReplica(slot, n1)).toList();
        assertThat(replicated).hasSizeLessThan(slots.size()).isNotEmpty();

        assertThat(digest(n1, slots).keySet()).containsExactlyElementsOf(replicated);
    }

    @Test
    void aFailedSlotSaysWhichReplicaWasDown() {
        startCluster(3, HealingConfig.defaults().withMerkleDepth(2));
        cluster.node(n3).crash();
        simulation.runUntil(() -> !cluster.node(n1).node().liveness().isAlive(n3), simulation.nowNanos() + 30 * SECOND);

        RepairProgress progress = repair(n1, List.of(5, 6));

        assertThat(progress.slotsFailed()).isEqualTo(2);
        assertThat(progress.firstFailure()).isEqualTo("slot 5: replicas [n3] are down");
    }

    @Test
    void scheduledRepairMakesReplicasIdenticalWithoutAnOperator() {
        Duration interval = Duration.ofMinutes(2);
        startCluster(3, HealingConfig.defaults().withMerkleDepth(2).withRepairInterval(interval));
        for (int i = 0; i < 30; i++) {
            assertThat(set(n1, "key" + i, "v" + i)).isInstanceOf(WriteResult.Success.class);
        }
        applyDirectly(n2, "key4", "newer");
        applyDirectly(n3, "extra", "x");
        List<Integer> slots = List.of(key("key4").slot(), key("extra").slot());
        assertThat(ConvergenceChecker.check(cluster, Keyspace.DEFAULT_NAME, slots)).hasSize(2);

        simulation.runFor(interval.toNanos() / 2);
        assertThat(ConvergenceChecker.check(cluster, Keyspace.DEFAULT_NAME, slots))
                .as("no round before one interval has passed").hasSize(2);
        assertThat(cluster.node(n1).node().repairRoundsCompleted()).isZero();

        simulation.runUntil(() -> cluster.nodes().stream().allMatch(node -> node.node().repairRoundsCompleted() >= 1),
                simulation.nowNanos() + 3 * interval.toNanos());

        assertThat(cluster.nodes()).allMatch(node -> node.node().repairRoundsCompleted() == 1);
        assertThat(ConvergenceChecker.check(cluster, Keyspace.DEFAULT_NAME, slots)).isEmpty();
        assertThat(stored(n1, "key4")).isEqualTo("newer");
        assertThat(stored(n2, "extra")).isEqualTo("x");
    }

    private static RowKey key(String name) {
        return new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8(name));
    }

    private WriteResult set(NodeId via, String key, String value) {
        List<WriteResult> result = new ArrayList<>();
        cluster.node(via).node().write(new Mutation(key(key), Row.set(Bytes.utf8(value), 0)), ConsistencyLevel.ALL,
                result::add);
        simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 10 * SECOND);
        return result.get(0);
    }

    private String stored(NodeId node, String key) {
        return Workload.value(cluster.node(node).storage().row(key(key)));
    }

    private void applyDirectly(NodeId node, String key, String value) {
        List<StorageResult<Timestamp>> done = new ArrayList<>();
        Row row = Row.set(Bytes.utf8(value), 0).withTimestamp(cluster.node(node).node().clock().now());
        cluster.node(node).storage().apply(List.of(new Mutation(key(key), row)), done::add);
        simulation.runUntil(() -> !done.isEmpty(), simulation.nowNanos() + SECOND);
    }

    private Map<Integer, SlotDigest> digest(NodeId node, List<Integer> slots) {
        List<List<SlotDigest>> result = new ArrayList<>();
        cluster.node(node).node().digest(Keyspace.DEFAULT_NAME, slots, result::add);
        simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 600 * SECOND);
        assertThat(result).as("digest of %d slots on %s finished", slots.size(), node).hasSize(1);
        Map<Integer, SlotDigest> bySlot = new TreeMap<>();
        result.get(0).forEach(digest -> bySlot.put(digest.slot(), digest));
        return bySlot;
    }

    private RepairProgress repair(NodeId via, List<Integer> slots) {
        Map<Boolean, RepairProgress> last = new TreeMap<>();
        cluster.node(via).node().repair(Keyspace.DEFAULT_NAME, slots, progress -> last.put(progress.finished(), progress));
        simulation.runUntil(() -> last.containsKey(true), simulation.nowNanos() + 60 * SECOND);
        return last.get(true);
    }
}
