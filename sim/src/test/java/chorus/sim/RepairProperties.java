package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.core.antientropy.RepairProgress;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.HealingConfig;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.port.StorageResult;
import chorus.core.topology.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the replicas of a slot hold, one repair leaves each of them holding the merge of all of
 * them (so they are identical), at any tree depth and row limit per round.
 */
class RepairProperties {
    private static final long SECOND = 1_000_000_000L;

    @Property(tries = 25)
    void oneRepairLeavesEveryReplicaWithTheMergeOfAll(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int depth,
                                                      @ForAll @IntRange(min = 1, max = 40) int rowsMax) {
        Simulation simulation = new Simulation(seed);
        HealingConfig healing = new HealingConfig(8, 3, Duration.ofHours(3), 128, depth, rowsMax);
        NodeConfig config = NodeConfig.defaults(Cluster.members(3)).withHealing(healing);
        Cluster cluster = new Cluster(simulation, config, FaultPlan.none(), new Trace(simulation, null, 0), 0);
        cluster.startAll();
        simulation.runFor(SECOND);

        SplittableRandom random = new SplittableRandom(seed);
        TreeSet<Integer> slots = new TreeSet<>();
        TreeMap<RowKey, Row> merged = new TreeMap<>((a, b) -> a.key().compareTo(b.key()));
        for (int i = 0; i < 60; i++) {
            RowKey key = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8("{" + random.nextInt(3) + "}k" + random.nextInt(40)));
            slots.add(key.slot());
            for (SimNode node : cluster.nodes()) {
                if (random.nextInt(3) > 0) {
                    Row row = random.nextInt(5) == 0 ? Row.deleted(recent(random.nextInt(1000), 1))
                            : Row.replaceWithString(Bytes.utf8("v" + random.nextInt(1000)), 0,
                                    recent(random.nextInt(1000), node.id().value()));
                    apply(simulation, node, key, row);
                    merged.merge(key, row, Row::merge);
                }
            }
        }

        List<RepairProgress> finished = new ArrayList<>();
        cluster.node(NodeId.of(1)).node().repair(Keyspace.DEFAULT_NAME, List.copyOf(slots), progress -> {
            if (progress.finished()) {
                finished.add(progress);
            }
        });
        simulation.runUntil(() -> !finished.isEmpty(), simulation.nowNanos() + 120 * SECOND);

        assertThat(finished).hasSize(1);
        assertThat(finished.get(0).slotsFailed()).isZero();
        assertThat(ConvergenceChecker.check(cluster, Keyspace.DEFAULT_NAME, List.copyOf(slots))).isEmpty();
        merged.forEach((key, row) -> {
            for (SimNode node : cluster.nodes()) {
                assertThat(node.storage().row(key)).as("%s on %s", key, node.id()).isEqualTo(row);
            }
        });
    }

    /**
     * A timestamp from the simulation's first second: tombstones far older than the grace period
     * would be left out of repair's trees, as they are about to be purged (docs/healing.md).
     */
    private static Timestamp recent(int ticks, int node) {
        return new Timestamp((SimClock.EPOCH_MILLIS << Timestamp.LOGICAL_BITS) + 1 + ticks, node);
    }

    private static void apply(Simulation simulation, SimNode node, RowKey key, Row row) {
        List<StorageResult<Timestamp>> done = new ArrayList<>();
        node.storage().apply(List.of(new Mutation(key, row)), done::add);
        simulation.runUntil(() -> !done.isEmpty(), simulation.nowNanos() + SECOND);
    }
}
