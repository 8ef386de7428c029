package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.antientropy.RepairProgress;
import chorus.core.membership.PeerStatus;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scripted failures that heal themselves (D8): gossip notices a crash and a restart, hints reach a
 * replica that missed writes (within the hint window only), and repair makes replicas identical.
 */
class HealingScenarioTest {
    private static final long SECOND = 1_000_000_000L;

    private final NodeId n1 = NodeId.of(1);
    private final NodeId n2 = NodeId.of(2);
    private final NodeId n3 = NodeId.of(3);

    private Simulation simulation;
    private Cluster cluster;
    private NodeConfig config;

    private void startCluster(int nodes, HealingConfig healing) {
        simulation = new Simulation(7);
        config = NodeConfig.defaults(Cluster.members(nodes)).withHealing(healing);
        cluster = new Cluster(simulation, config, FaultPlan.none(), new Trace(simulation, null, 0), 0);
        cluster.startAll();
        simulation.runFor(5 * SECOND);
    }

    private static RowKey key(String name) {
        return new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8(name));
    }

    private WriteResult set(NodeId via, String key, String value, ConsistencyLevel level) {
        List<WriteResult> result = new ArrayList<>();
        cluster.node(via).node().write(new Mutation(key(key), Row.set(Bytes.utf8(value), 0)), level, result::add);
        simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 10 * SECOND);
        return result.get(0);
    }

    private String stored(NodeId node, String key) {
        return Workload.value(cluster.node(node).storage().row(key(key)));
    }

    private boolean everyoneSeesDown(NodeId crashed) {
        return cluster.upNodes().stream().allMatch(node -> !node.node().liveness().isAlive(crashed));
    }

    @Test
    void aCrashedNodeIsSeenDownByEveryNodeWithinSecondsAndUpAgainAfterItsRestart() {
        startCluster(5, HealingConfig.defaults());
        NodeId n4 = NodeId.of(4);
        simulation.runFor(60 * SECOND);
        assertThat(cluster.upNodes()).allSatisfy(node -> assertThat(node.node().membership())
                .as("no peer falsely down in a minute without faults").allMatch(PeerStatus::up));

        long crashedAt = simulation.nowNanos();
        cluster.node(n4).crash();
        simulation.runUntil(() -> everyoneSeesDown(n4), simulation.nowNanos() + 30 * SECOND);
        double detectionSeconds = (simulation.nowNanos() - crashedAt) / 1e9;
        System.out.printf("phi threshold %.1f, gossip every %d ms: n4 seen down by every node after %.2f s%n",
                HealingConfig.defaults().phiThreshold(), config.heartbeatInterval().toMillis(), detectionSeconds);
        assertThat(everyoneSeesDown(n4)).isTrue();
        assertThat(detectionSeconds).isLessThan(4.0);
        assertThat(cluster.upNodes()).as("phi decided, not the failure timeout's backstop").allSatisfy(node ->
                assertThat(node.node().liveness().phi(n4)).isGreaterThan(HealingConfig.defaults().phiThreshold()));
        PeerStatus seen = cluster.node(n1).node().membership().stream().filter(peer -> peer.peer().equals(n4))
                .findFirst().orElseThrow();
        assertThat(seen.up()).isFalse();
        assertThat(seen.phi()).isGreaterThan(8.0);
        long oldGeneration = seen.generation();

        cluster.node(n4).start();
        simulation.runFor(5 * SECOND);
        assertThat(cluster.upNodes()).allSatisfy(node -> assertThat(node.node().liveness().isAlive(n4)).isTrue());
        PeerStatus back = cluster.node(n1).node().membership().stream().filter(peer -> peer.peer().equals(n4))
                .findFirst().orElseThrow();
        assertThat(back.generation()).as("a restart is a new generation").isGreaterThan(oldGeneration);
    }

    @Test
    void noPeerIsMarkedDownUnderSustainedLoadWithoutFaults() {
        startCluster(5, HealingConfig.defaults());
        Workload workload = new Workload(simulation, cluster, simulation.newRandomStream(), new History(), 8, 10);
        workload.start();
        int samples = 0;
        for (long end = simulation.nowNanos() + 30 * SECOND; simulation.nowNanos() < end; samples++) {
            simulation.runFor(SECOND / 20);
            for (SimNode node : cluster.nodes()) {
                assertThat(node.node().membership()).as("%s's view at %.2f s", node.id(), simulation.nowNanos() / 1e9)
                        .allMatch(PeerStatus::up);
            }
        }
        workload.stopIssuing();
        assertThat(samples).isEqualTo(600);
        assertThat(cluster.network().delivered()).as("the load was real").isGreaterThan(20_000);
    }

    @Test
    void aReplicaThatWasDownDuringWritesReceivesItsHintsWhenItReturns() {
        startCluster(3, HealingConfig.defaults());
        cluster.node(n3).crash();
        simulation.runUntil(() -> everyoneSeesDown(n3), simulation.nowNanos() + 30 * SECOND);
        for (int i = 0; i < 20; i++) {
            assertThat(set(n1, "k" + i, "v" + i, ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);
        }
        simulation.runFor(SECOND);
        assertThat(cluster.node(n1).storage().hintCount()).isEqualTo(20);
        assertThat(cluster.node(n1).node().hints().stored()).isEqualTo(20);

        cluster.node(n3).start();
        simulation.runFor(10 * SECOND);

        for (int i = 0; i < 20; i++) {
            assertThat(stored(n3, "k" + i)).as("k%d reached n3 by a hint", i).isEqualTo("v" + i);
        }
        assertThat(cluster.node(n1).node().hints().delivered()).isEqualTo(20);
        assertThat(cluster.node(n1).storage().hintCount()).as("delivered hints are deleted").isZero();
    }

    @Test
    void aBurstOfPipelinedWritesWhileAReplicaIsDownKeepsAHintForEveryWriteAndDeliversThemAll() {
        startCluster(3, HealingConfig.defaults());
        cluster.node(n3).crash();
        simulation.runUntil(() -> everyoneSeesDown(n3), simulation.nowNanos() + 30 * SECOND);

        int writes = 2_000;
        List<WriteResult> results = writeBurst(n1, "burst", writes, () -> { });
        assertThat(results).hasSize(writes).allMatch(result -> result instanceof WriteResult.Success);
        simulation.runFor(SECOND);
        System.out.printf("burst of %d writes, n3 down: n1 stored %d hints, overflowed %d%n", writes,
                cluster.node(n1).node().hints().stored(), cluster.node(n1).node().hints().overflowed());
        assertThat(cluster.node(n1).node().hints().overflowed()).as("hints dropped").isZero();
        assertThat(cluster.node(n1).node().hints().stored()).isEqualTo(writes);
        assertThat(cluster.node(n1).storage().hintCount()).isEqualTo(writes);

        cluster.node(n3).start();
        simulation.runUntil(() -> cluster.node(n1).node().hints().targetsWithHints().isEmpty(),
                simulation.nowNanos() + 60 * SECOND);

        assertThat(cluster.node(n1).node().hints().delivered()).isEqualTo(writes);
        assertThat(cluster.node(n1).storage().hintCount()).as("delivered hints are deleted").isZero();
        for (int i = 0; i < writes; i++) {
            assertThat(stored(n3, "burst" + i)).as("burst%d reached n3 by a hint", i).isEqualTo("v" + i);
        }
    }

    @Test
    void hintsBeyondTheByteBudgetAreDroppedAndCountedAndTheRestDelivered() {
        long budgetBytes = 8 << 10;
        startCluster(3, HealingConfig.defaults().withPendingHintBytesMax(budgetBytes));
        cluster.node(n3).crash();
        simulation.runUntil(() -> everyoneSeesDown(n3), simulation.nowNanos() + 30 * SECOND);

        int writes = 1_000;
        long[] pendingMax = new long[1];
        List<WriteResult> results = writeBurst(n1, "small", writes, () ->
                pendingMax[0] = Math.max(pendingMax[0], cluster.node(n1).node().hints().pendingStoreBytes()));
        simulation.runFor(SECOND);
        long stored = cluster.node(n1).node().hints().stored();
        long overflowed = cluster.node(n1).node().hints().overflowed();
        System.out.printf("burst of %d writes, n3 down, budget %d bytes: n1 stored %d hints, overflowed %d,"
                + " at most %d bytes pending%n", writes, budgetBytes, stored, overflowed, pendingMax[0]);
        assertThat(results).hasSize(writes).allMatch(result -> result instanceof WriteResult.Success);
        assertThat(pendingMax[0]).as("bytes of hints pending in storage").isLessThanOrEqualTo(budgetBytes)
                .isGreaterThan(budgetBytes / 2);
        assertThat(overflowed).as("dropped over budget").isPositive();
        assertThat(stored + overflowed).as("every hint is stored or counted").isEqualTo(writes);
        assertThat(cluster.node(n1).node().hints().pendingStoreBytes()).isZero();

        cluster.node(n3).start();
        simulation.runUntil(() -> cluster.node(n1).node().hints().targetsWithHints().isEmpty(),
                simulation.nowNanos() + 60 * SECOND);
        assertThat(cluster.node(n1).node().hints().delivered()).isEqualTo(stored);
        long reached = IntStream.range(0, writes).filter(i -> stored(n3, "small" + i) != null).count();
        assertThat(reached).as("keys on n3: exactly those whose hint was stored").isEqualTo(stored);
    }

    /**
     * Starts {@code writes} QUORUM writes through {@code via} at once, as a pipelining client would, and
     * runs until all are answered; {@code observe} runs after each write starts and before each event.
     */
    private List<WriteResult> writeBurst(NodeId via, String prefix, int writes, Runnable observe) {
        List<WriteResult> results = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            cluster.node(via).node().write(new Mutation(key(prefix + i), Row.set(Bytes.utf8("v" + i), 0)),
                    ConsistencyLevel.QUORUM, results::add);
            observe.run();
        }
        simulation.runUntil(() -> {
            observe.run();
            return results.size() == writes;
        }, simulation.nowNanos() + 30 * SECOND);
        return results;
    }

    @Test
    void aReplicaThatDoesNotAcknowledgeInTimeGetsAHintToo() {
        startCluster(3, HealingConfig.defaults());
        // n1 still hears of n3 through gossip, so believes it up, but its writes never reach n3.
        cluster.network().cut(n1, n3);
        assertThat(set(n1, "k", "v", ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);
        simulation.runFor(config.writeTimeout().toNanos() + SECOND);
        assertThat(cluster.node(n1).node().hints().stored()).isEqualTo(1);
        assertThat(stored(n3, "k")).isNull();

        cluster.network().healAll();
        simulation.runFor(5 * SECOND);
        assertThat(stored(n3, "k")).isEqualTo("v");
    }

    @Test
    void hintsSurviveTheirCoordinatorsRestart() {
        startCluster(3, HealingConfig.defaults());
        cluster.node(n3).crash();
        simulation.runUntil(() -> everyoneSeesDown(n3), simulation.nowNanos() + 30 * SECOND);
        assertThat(set(n1, "k", "v", ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);
        simulation.runFor(SECOND);

        cluster.node(n1).crash();
        cluster.node(n1).start();
        cluster.node(n3).start();
        simulation.runFor(10 * SECOND);

        assertThat(stored(n3, "k")).isEqualTo("v");
        assertThat(cluster.node(n1).storage().hintCount()).isZero();
    }

    @Test
    void hintsOlderThanTheHintWindowAreDroppedAndCounted() {
        startCluster(3, HealingConfig.defaults().withHintWindow(Duration.ofSeconds(10)));
        cluster.node(n3).crash();
        simulation.runUntil(() -> everyoneSeesDown(n3), simulation.nowNanos() + 30 * SECOND);
        for (int i = 0; i < 5; i++) {
            assertThat(set(n1, "old" + i, "v", ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);
        }
        simulation.runFor(15 * SECOND);
        assertThat(set(n1, "fresh", "v", ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);

        cluster.node(n3).start();
        simulation.runFor(10 * SECOND);

        for (int i = 0; i < 5; i++) {
            assertThat(stored(n3, "old" + i)).as("a hint past the window is not delivered").isNull();
        }
        assertThat(stored(n3, "fresh")).as("a hint within the window is").isEqualTo("v");
        assertThat(cluster.node(n1).node().hints().expired()).isEqualTo(5);
        assertThat(cluster.node(n1).node().hints().delivered()).isEqualTo(1);
        assertThat(cluster.node(n1).storage().hintCount()).isZero();
    }

    @Test
    void repairStreamsOnlyTheDifferingRowsAndLeavesEveryReplicaIdentical() {
        startCluster(3, HealingConfig.defaults());
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            assertThat(set(n1, "{tag}" + i, "v" + i, ConsistencyLevel.ALL)).isInstanceOf(WriteResult.Success.class);
        }
        slots.add(key("{tag}").slot());
        // Divergence behind the protocol's back: n2 alone gets 7 newer values, n3 alone one new key.
        for (int i = 0; i < 7; i++) {
            applyDirectly(n2, "{tag}" + i, "newer" + i);
        }
        applyDirectly(n3, "{tag}extra", "x");
        assertThat(ConvergenceChecker.check(cluster, Keyspace.DEFAULT_NAME, slots)).hasSize(1);

        RepairProgress progress = repair(n1, slots);

        assertThat(progress.slotsDone()).isEqualTo(1);
        assertThat(progress.slotsFailed()).isZero();
        // 7 rows to n1 and n3 each, the extra row to n1 and n2: 16, not 3 x 301.
        assertThat(progress.rowsStreamed()).isEqualTo(16);
        assertThat(ConvergenceChecker.check(cluster, Keyspace.DEFAULT_NAME, slots)).isEmpty();
        assertThat(stored(n1, "{tag}3")).isEqualTo("newer3");
        assertThat(stored(n2, "{tag}extra")).isEqualTo("x");
        assertThat(repair(n2, slots).slotsInSync()).as("a second repair finds nothing to do").isEqualTo(1);
    }

    @Test
    void noAcknowledgedWriteIsLostAcrossCrashRestartCyclesOfEveryNodeInTurn() {
        startCluster(5, HealingConfig.defaults());
        SplittableRandom random = new SplittableRandom(3);
        Map<String, String> acknowledged = new LinkedHashMap<>();
        int next = 0;
        for (SimNode victim : cluster.nodes()) {
            victim.crash();
            for (int i = 0; i < 15; i++, next++) {
                NodeId via = cluster.randomUpNode(random).id();
                if (set(via, "w" + next, "v" + next, ConsistencyLevel.QUORUM) instanceof WriteResult.Success) {
                    acknowledged.put("w" + next, "v" + next);
                }
                simulation.runFor(SECOND / 5);
            }
            victim.start();
            simulation.runFor(3 * SECOND);
        }
        assertThat(acknowledged).hasSizeGreaterThan(60);
        List<Integer> slots = acknowledged.keySet().stream().map(key -> key(key).slot()).distinct().sorted().toList();
        assertThat(repair(n1, slots).slotsFailed()).isZero();

        assertThat(ConvergenceChecker.check(cluster, Keyspace.DEFAULT_NAME, slots)).isEmpty();
        Keyspace keyspace = cluster.node(n1).node().topology().keyspace(Keyspace.DEFAULT_NAME).orElseThrow();
        acknowledged.forEach((key, value) -> {
            for (NodeId replica : cluster.node(n1).node().topology().replicas(keyspace, key(key))) {
                assertThat(stored(replica, key)).as("%s on %s", key, replica).isEqualTo(value);
            }
        });
    }

    private void applyDirectly(NodeId node, String key, String value) {
        List<StorageResult<Timestamp>> done = new ArrayList<>();
        Row row = Row.set(Bytes.utf8(value), 0).withTimestamp(cluster.node(node).node().clock().now());
        cluster.node(node).storage().apply(List.of(new Mutation(key(key), row)), done::add);
        simulation.runUntil(() -> !done.isEmpty(), simulation.nowNanos() + SECOND);
    }

    private RepairProgress repair(NodeId via, List<Integer> slots) {
        Map<Boolean, RepairProgress> last = new TreeMap<>();
        cluster.node(via).node().repair(Keyspace.DEFAULT_NAME, slots, progress -> last.put(progress.finished(), progress));
        simulation.runUntil(() -> last.containsKey(true), simulation.nowNanos() + 60 * SECOND);
        return last.get(true);
    }
}
