package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.counter.CounterResult;
import chorus.core.model.Mutation;
import chorus.core.model.PnCounter;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.replication.ReadResult;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counters are PN-counter CRDTs: increments through different nodes all count, partition or not. */
class CounterScenarioTest {
    private static final long SECOND = 1_000_000_000L;
    private static final RowKey KEY = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8("clicks"));

    private final Simulation simulation = new Simulation(11);
    private final NodeConfig config = NodeConfig.defaults(Cluster.members(3));
    private final Cluster cluster = Cluster.faultFree(simulation, config);
    private final List<NodeId> nodes = List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3));

    CounterScenarioTest() {
        cluster.startAll();
        simulation.runFor(SECOND);
    }

    /** One client per node, each incrementing one at a time, {@code count} times. */
    private final class Incrementer {
        final NodeId via;
        int remaining;
        int succeeded;
        final List<String> errors = new ArrayList<>();

        Incrementer(NodeId via, int count) {
            this.via = via;
            this.remaining = count;
        }

        void next() {
            if (remaining == 0) {
                return;
            }
            cluster.node(via).node().increment(KEY, 1, ConsistencyLevel.ONE, result -> {
                if (result instanceof CounterResult.Success) {
                    succeeded++;
                    remaining--;
                } else {
                    errors.add(((CounterResult.Failed) result).message());
                }
                simulation.schedule(2_000_000, this::next);
            });
        }
    }

    private long valueThrough(NodeId via, ConsistencyLevel level) {
        List<ReadResult> result = new ArrayList<>();
        cluster.node(via).node().read(KEY, level, result::add);
        simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 10 * SECOND);
        return PnCounter.value(((ReadResult.Success) result.get(0)).row(), 0);
    }

    @Test
    void incrementsThroughThreeNodesAllCountAfterAPartitionHeals() {
        List<Incrementer> clients = nodes.stream().map(node -> new Incrementer(node, 1_000)).toList();
        clients.forEach(Incrementer::next);
        simulation.runFor(SECOND);
        for (NodeId other : nodes.subList(0, 2)) { // n3 is cut off for a while, and keeps counting alone.
            cluster.network().cut(NodeId.of(3), other);
            cluster.network().cut(other, NodeId.of(3));
        }
        simulation.runFor(2 * SECOND);
        cluster.network().healAll();
        simulation.runUntil(() -> clients.stream().allMatch(client -> client.remaining == 0), simulation.nowNanos() + 60 * SECOND);

        assertThat(clients).allSatisfy(client -> assertThat(client.succeeded).isEqualTo(1_000));
        simulation.runFor(5 * SECOND);
        for (NodeId node : nodes) {
            assertThat(valueThrough(node, ConsistencyLevel.ALL)).as("read through %s", node).isEqualTo(3_000);
        }
        for (NodeId node : nodes) {
            assertThat(PnCounter.value(cluster.node(node).storage().row(KEY), 0)).as("stored on %s", node).isEqualTo(3_000);
        }
    }

    @Test
    void anIncrementAnswersTheNewValue() {
        List<CounterResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cluster.node(nodes.get(i)).node().increment(KEY, 5, ConsistencyLevel.QUORUM, results::add);
            simulation.runUntil(() -> false, simulation.nowNanos() + SECOND);
        }
        assertThat(results).extracting(result -> ((CounterResult.Success) result).value()).containsExactly(5L, 10L, 15L);
    }

    @Test
    void incrementingAStringIsAWrongTypeError() {
        List<Object> results = new ArrayList<>();
        cluster.node(nodes.get(0)).node().write(new Mutation(KEY, Row.set(Bytes.utf8("x"), 0)),
                ConsistencyLevel.QUORUM, results::add);
        simulation.runFor(SECOND);
        List<CounterResult> increment = new ArrayList<>();
        cluster.node(nodes.get(1)).node().increment(KEY, 1, ConsistencyLevel.QUORUM, increment::add);
        simulation.runFor(SECOND);
        assertThat(((CounterResult.Failed) increment.get(0)).code()).isEqualTo(ErrorCode.WRONG_TYPE);
    }

    @Test
    void aDeletedCounterStartsAgainFromZero() {
        List<CounterResult> results = new ArrayList<>();
        cluster.node(nodes.get(0)).node().increment(KEY, 7, ConsistencyLevel.QUORUM, results::add);
        simulation.runFor(SECOND);
        cluster.node(nodes.get(1)).node().write(new Mutation(KEY, Row.deletion()), ConsistencyLevel.QUORUM,
                result -> { });
        simulation.runFor(SECOND);
        cluster.node(nodes.get(0)).node().increment(KEY, 1, ConsistencyLevel.QUORUM, results::add);
        simulation.runFor(SECOND);
        assertThat(((CounterResult.Success) results.get(1)).value()).isEqualTo(1);
        assertThat(valueThrough(nodes.get(2), ConsistencyLevel.QUORUM)).isEqualTo(1);
    }
}
