package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.antientropy.MerkleTree;
import chorus.core.antientropy.RepairProgress;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.node.HealingConfig;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteResult;
import chorus.core.topology.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Tombstone purge (D4) on a fault-free 3-node cluster, RF 3, with a 10-second grace period (so a
 * sweep runs every 2.5 s): a deleted key stays deleted when some replicas have purged its tombstone
 * and others not yet, repair does not mistake that for a difference, and, the expected failure mode
 * the grace period exists for, a replica that missed the delete and was not repaired within the
 * grace period brings the deleted value back.
 */
class TombstonePurgeScenarioTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final RowKey KEY = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8("user:42"));

    private final Simulation simulation = new Simulation(1);
    // A 1 s hint window: a replica cut off for longer gets no hint, so only repair can bring it the delete.
    private final NodeConfig config = NodeConfig.defaults(Cluster.members(3)).withHealing(HealingConfig.defaults()
            .withTombstoneGrace(GRACE).withHintWindow(Duration.ofSeconds(1)).withReadRepairChance(0));
    private final Cluster cluster = Cluster.faultFree(simulation, config);

    private final NodeId n1 = NodeId.of(1);
    private final NodeId n2 = NodeId.of(2);
    private final NodeId n3 = NodeId.of(3);

    TombstonePurgeScenarioTest() {
        cluster.startAll();
        simulation.runFor(SECOND);
    }

    private void write(Row row, ConsistencyLevel level) {
        List<WriteResult> result = new ArrayList<>();
        cluster.node(n1).node().write(new Mutation(KEY, row), level, result::add);
        simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 10 * SECOND);
        assertThat(result).singleElement().isInstanceOf(WriteResult.Success.class);
    }

    private String read(NodeId via, ConsistencyLevel level) {
        List<ReadResult> result = new ArrayList<>();
        cluster.node(via).node().read(KEY, level, result::add);
        simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 10 * SECOND);
        return Workload.value(((ReadResult.Success) result.get(0)).row());
    }

    private Row stored(NodeId node) {
        return cluster.node(node).storage().row(KEY);
    }

    private RepairProgress repair() {
        Map<Boolean, RepairProgress> last = new TreeMap<>();
        cluster.node(n1).node().repair(Keyspace.DEFAULT_NAME, List.of(KEY.slot()),
                progress -> last.put(progress.finished(), progress));
        simulation.runUntil(() -> last.containsKey(true), simulation.nowNanos() + 60 * SECOND);
        return last.get(true);
    }

    private void isolate(NodeId node) {
        for (NodeId other : List.of(n1, n2, n3)) {
            if (!other.equals(node)) {
                cluster.network().cut(node, other);
                cluster.network().cut(other, node);
            }
        }
    }

    private long root(NodeId node, long purgeBeforeMillis) {
        MerkleTree tree = new MerkleTree(4, purgeBeforeMillis);
        cluster.node(node).storage().slotRows(Keyspace.DEFAULT_NAME, KEY.slot()).forEach(tree::add);
        return tree.root();
    }

    @Test
    void aDeletedKeyStaysDeletedWhenSomeReplicasPurgedItsTombstoneAndOthersNotYet() {
        cluster.node(n2).node().purge().stop();
        cluster.node(n3).node().purge().stop();
        write(Row.set(Bytes.utf8("v1"), 0), ConsistencyLevel.ALL);
        write(Row.deletion(), ConsistencyLevel.ALL);
        assertThat(stored(n1).cells()).as("a tombstone, not yet purgeable").isEmpty();
        assertThat(stored(n1).isEmpty()).isFalse();

        simulation.runFor(GRACE.toNanos() + 3 * SECOND); // Past the grace period and one sweep of n1.

        assertThat(stored(n1)).as("n1 purged the tombstone and the row").isEqualTo(Row.EMPTY);
        assertThat(stored(n2).deletedAt()).isNotEqualTo(Row.EMPTY.deletedAt());
        assertThat(stored(n3)).isEqualTo(stored(n2));
        long purgeBefore = cluster.node(n1).clock().wallMillis() - GRACE.toMillis();
        assertThat(root(n1, purgeBefore)).as("repair's trees leave the purgeable tombstone out")
                .isEqualTo(root(n2, purgeBefore)).isEqualTo(root(n3, purgeBefore));
        assertThat(root(n1, 0)).as("a tree that hashed it would see a difference").isNotEqualTo(root(n2, 0));

        RepairProgress progress = repair();

        assertThat(progress.slotsInSync()).as("nothing to repair").isEqualTo(1);
        assertThat(progress.rowsStreamed()).isZero();
        for (NodeId via : List.of(n1, n2, n3)) {
            for (ConsistencyLevel level : List.of(ConsistencyLevel.ONE, ConsistencyLevel.QUORUM, ConsistencyLevel.ALL)) {
                assertThat(read(via, level)).as("read at %s through %s", level, via).isNull();
            }
        }
    }

    @Test
    void aReplicaThatMissedTheDeleteKeepsItDeletedWhenRepairRunsWithinTheGracePeriod() {
        write(Row.set(Bytes.utf8("v1"), 0), ConsistencyLevel.ALL);
        isolate(n3);
        write(Row.deletion(), ConsistencyLevel.QUORUM);
        simulation.runFor(3 * SECOND); // Beyond the hint window: no hint will reach n3.
        cluster.network().healAll();
        simulation.runFor(SECOND);
        assertThat(Workload.value(stored(n3))).as("n3 missed the delete").isEqualTo("v1");

        assertThat(repair().rowsStreamed()).isEqualTo(1); // Within the grace period: n3 gets the tombstone.
        simulation.runFor(GRACE.toNanos() + 3 * SECOND); // Every replica purges it.

        assertThat(List.of(stored(n1), stored(n2), stored(n3))).containsOnly(Row.EMPTY);
        assertThat(read(n3, ConsistencyLevel.ALL)).isNull();
    }

    /**
     * The expected failure mode the grace period guards against (docs/healing.md): repair did not run
     * within it, the replicas that had the tombstone purged it, and the next repair spreads the value
     * the delete had removed, because nothing shadows it any more.
     */
    @Test
    void aReplicaThatMissedTheDeleteResurrectsTheValueWhenRepairDoesNotRunWithinTheGracePeriod() {
        write(Row.set(Bytes.utf8("v1"), 0), ConsistencyLevel.ALL);
        isolate(n3);
        write(Row.deletion(), ConsistencyLevel.QUORUM);
        simulation.runFor(3 * SECOND);
        cluster.network().healAll();
        assertThat(read(n1, ConsistencyLevel.ONE)).as("deleted, for now").isNull();

        simulation.runFor(GRACE.toNanos() + 3 * SECOND); // No repair; n1 and n2 purge the tombstone.
        assertThat(stored(n1)).isEqualTo(Row.EMPTY);
        assertThat(Workload.value(stored(n3))).isEqualTo("v1");

        assertThat(repair().rowsStreamed()).isEqualTo(2);

        assertThat(read(n1, ConsistencyLevel.ALL)).as("the deleted value is back").isEqualTo("v1");
    }
}
