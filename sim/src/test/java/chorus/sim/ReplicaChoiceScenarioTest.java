package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.message.Verb;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.node.HealingConfig;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteResult;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replica choice and speculative retry (D8) on a fault-free 5-node cluster, RF 3: a read asks only
 * the replicas it needs, the fastest first, and a slow or silent replica costs it a few
 * milliseconds, not the read timeout. The read repair chance is off, so every count is exact.
 */
class ReplicaChoiceScenarioTest {
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000 * MILLISECOND;
    private static final RowKey KEY = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8("user:42"));

    private final Simulation simulation = new Simulation(1);
    private final NodeConfig config = NodeConfig.defaults(Cluster.members(5))
            .withHealing(HealingConfig.defaults().withReadRepairChance(0));
    private final Cluster cluster = Cluster.faultFree(simulation, config);
    private final List<NodeId> replicas;
    private final NodeId outsider;
    private final NodeId coordinator;

    ReplicaChoiceScenarioTest() {
        cluster.startAll();
        simulation.runFor(SECOND);
        Keyspace keyspace = config.keyspaces().get(0);
        replicas = cluster.nodes().get(0).node().topology().replicas(keyspace, KEY);
        outsider = cluster.nodes().stream().map(SimNode::id).filter(id -> !replicas.contains(id)).findFirst().orElseThrow();
        coordinator = replicas.get(0);
        List<WriteResult> written = new ArrayList<>();
        cluster.node(coordinator).node().write(new Mutation(KEY, Row.set(Bytes.utf8("v1"), 0)), ConsistencyLevel.ALL,
                written::add);
        simulation.runUntil(() -> !written.isEmpty(), simulation.nowNanos() + 10 * SECOND);
        assertThat(written).singleElement().isInstanceOf(WriteResult.Success.class);
    }

    /** A read through {@code via}, and how long it took in simulated nanoseconds. */
    private record Timed(ReadResult result, long nanos) {
        String value() {
            return Workload.value(((ReadResult.Success) result).row());
        }
    }

    private Timed read(NodeId via, ConsistencyLevel level) {
        List<ReadResult> result = new ArrayList<>();
        long started = simulation.nowNanos();
        cluster.node(via).node().read(KEY, level, result::add);
        simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 10 * SECOND);
        return new Timed(result.get(0), simulation.nowNanos() - started);
    }

    /** Messages sent on the network per verb, gossip left out (it runs on its own schedule). */
    private Map<Verb, Long> sentPerVerb() {
        Map<Verb, Long> sent = new EnumMap<>(Verb.class);
        for (Verb verb : Verb.values()) {
            if (verb != Verb.GOSSIP && cluster.network().sent(verb) > 0) {
                sent.put(verb, cluster.network().sent(verb));
            }
        }
        return sent;
    }

    private Map<Verb, Long> sentDuring(Runnable action) {
        Map<Verb, Long> before = sentPerVerb();
        action.run();
        Map<Verb, Long> delta = new EnumMap<>(Verb.class);
        sentPerVerb().forEach((verb, count) -> {
            long added = count - before.getOrDefault(verb, 0L);
            if (added > 0) {
                delta.put(verb, added);
            }
        });
        return delta;
    }

    /**
     * QUORUM reads through the coordinator until one asks {@code peer} (with equally fast peers the
     * choice follows each read's latest measurements), at most ten; returns that read.
     */
    private Timed readUntilAsked(NodeId peer) {
        for (int i = 0; i < 10; i++) {
            long before = cluster.network().sent(Verb.READ_REQUEST, peer);
            Timed read = read(coordinator, ConsistencyLevel.QUORUM);
            if (cluster.network().sent(Verb.READ_REQUEST, peer) > before) {
                return read;
            }
        }
        throw new AssertionError("ten QUORUM reads through " + coordinator + " never asked " + peer);
    }

    @Test
    void aReadAtOneSendsExactlyOneMessageWhenReplicasAreHealthy() {
        Map<Verb, Long> throughOutsider = sentDuring(() -> assertThat(read(outsider, ConsistencyLevel.ONE).value())
                .isEqualTo("v1"));
        Map<Verb, Long> throughReplica = sentDuring(() -> assertThat(read(coordinator, ConsistencyLevel.ONE).value())
                .isEqualTo("v1"));

        assertThat(throughOutsider).as("one request out, its one response back")
                .isEqualTo(Map.of(Verb.READ_REQUEST, 1L, Verb.READ_RESPONSE, 1L));
        assertThat(throughReplica).as("a replica coordinating reads locally: nothing crosses the network").isEmpty();
    }

    @Test
    void aQuorumReadAsksTwoReplicasNotThree() {
        Map<Verb, Long> throughReplica = sentDuring(() -> read(coordinator, ConsistencyLevel.QUORUM));
        Map<Verb, Long> throughOutsider = sentDuring(() -> read(outsider, ConsistencyLevel.QUORUM));

        assertThat(throughReplica).as("itself (locally) and one peer")
                .isEqualTo(Map.of(Verb.READ_REQUEST, 1L, Verb.READ_RESPONSE, 1L));
        assertThat(throughOutsider).isEqualTo(Map.of(Verb.READ_REQUEST, 2L, Verb.READ_RESPONSE, 2L));
    }

    @Test
    void aSlowReplicaIsAvoided() {
        for (int i = 0; i < 10; i++) {
            read(coordinator, ConsistencyLevel.QUORUM); // Every replica's latency is known and low.
        }
        NodeId slow = replicas.get(1);
        NodeId other = replicas.get(2);
        cluster.network().slow(slow, Verb.READ_RESPONSE, 50 * MILLISECOND);

        readUntilAsked(slow); // Finds out: it waits for the slow replica, then asks another.
        simulation.runFor(SECOND);
        long slowAskedBefore = cluster.network().sent(Verb.READ_REQUEST, slow);
        long otherAskedBefore = cluster.network().sent(Verb.READ_REQUEST, other);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Timed read = read(coordinator, ConsistencyLevel.QUORUM);
            assertThat(read.value()).isEqualTo("v1");
            latencies.add(read.nanos());
        }

        assertThat(cluster.network().sent(Verb.READ_REQUEST, slow) - slowAskedBefore).as("asks of the slow replica")
                .isZero();
        assertThat(cluster.network().sent(Verb.READ_REQUEST, other) - otherAskedBefore).isEqualTo(20);
        assertThat(latencies).allSatisfy(nanos -> assertThat(nanos).isLessThan(2 * MILLISECOND));
    }

    @Test
    void aReadWhoseReplicaIsSlowIsAnsweredBySpeculativeRetryWellBeforeTheTimeout() {
        for (int i = 0; i < 10; i++) {
            read(coordinator, ConsistencyLevel.QUORUM);
        }
        NodeId slow = replicas.get(1);
        NodeId other = replicas.get(2);
        cluster.network().slow(slow, Verb.READ_RESPONSE, 10 * SECOND); // Far beyond the 2 s read timeout.
        long otherAskedBefore = cluster.network().sent(Verb.READ_REQUEST, other);

        Timed read = readUntilAsked(slow);

        assertThat(read.value()).isEqualTo("v1");
        assertThat(read.nanos()).as("answered after the speculative-retry floor (5 ms) and one round trip")
                .isBetween(config.healing().speculativeRetryMin().toNanos(), 10 * MILLISECOND)
                .isLessThan(config.readTimeout().toNanos() / 100);
        assertThat(cluster.network().sent(Verb.READ_REQUEST, other) - otherAskedBefore).as("the retry went to the other")
                .isGreaterThanOrEqualTo(1);
        assertThat(cluster.network().sent(Verb.READ_REQUEST, outsider)).as("a node that is not a replica").isZero();
    }

    @Test
    void aReplicaThatNeverAnswersIsRetriedBeforeTheReadFails() {
        for (int i = 0; i < 10; i++) {
            read(coordinator, ConsistencyLevel.QUORUM);
        }
        NodeId silent = replicas.get(1);
        cluster.network().drop(silent, Verb.READ_RESPONSE); // It is up (it gossips) but its reads never arrive.

        Timed first = readUntilAsked(silent);
        assertThat(first.value()).isEqualTo("v1");
        assertThat(first.nanos()).isLessThan(10 * MILLISECOND);
        for (int i = 0; i < 5; i++) {
            Timed read = read(coordinator, ConsistencyLevel.QUORUM);
            assertThat(read.value()).isEqualTo("v1");
            assertThat(read.nanos()).isLessThan(10 * MILLISECOND);
        }
        Timed throughOutsider = read(outsider, ConsistencyLevel.ALL);
        assertThat(throughOutsider.result()).as("ALL has no spare replica to retry with")
                .isInstanceOf(ReadResult.Failed.class);
        assertThat(throughOutsider.nanos()).isEqualTo(config.readTimeout().toNanos());
    }
}
