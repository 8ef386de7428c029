package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.message.Verb;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.paxos.SerialOperation;
import chorus.core.paxos.SerialResult;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteResult;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Compare-and-set through Paxos on a fault-free 3-node cluster, with scripted faults. */
class PaxosScenarioTest {
    private static final long SECOND = 1_000_000_000L;
    private static final RowKey KEY = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8("lock"));

    private final Simulation simulation = new Simulation(5);
    private final NodeConfig config = NodeConfig.defaults(Cluster.members(3));
    private final Cluster cluster = Cluster.faultFree(simulation, config);
    private final NodeId n1 = NodeId.of(1);
    private final NodeId n2 = NodeId.of(2);
    private final NodeId n3 = NodeId.of(3);

    PaxosScenarioTest() {
        cluster.startAll();
        simulation.runFor(SECOND);
    }

    private static SerialOperation setIfEquals(String expected, String value) {
        return current -> Objects.equals(Workload.value(current), expected)
                ? Row.set(Bytes.utf8(value), 0) : null;
    }

    private List<SerialResult> start(NodeId via, SerialOperation operation) {
        List<SerialResult> results = new ArrayList<>();
        cluster.node(via).node().serial(KEY, operation, results::add);
        return results;
    }

    private void runUntilAnswered(List<?>... results) {
        simulation.runUntil(() -> java.util.Arrays.stream(results).noneMatch(List::isEmpty),
                simulation.nowNanos() + 20 * SECOND);
        for (List<?> result : results) {
            assertThat(result).as("answered").hasSize(1);
        }
    }

    private String serialGet(NodeId via) {
        List<ReadResult> result = new ArrayList<>();
        cluster.node(via).node().read(KEY, ConsistencyLevel.SERIAL, result::add);
        runUntilAnswered(result);
        return Workload.value(((ReadResult.Success) result.get(0)).row());
    }

    @Test
    void ofTwoConcurrentCompareAndSetsFromOneValueAtMostOneApplies() {
        List<SerialResult> first = start(n1, setIfEquals(null, "a"));
        List<SerialResult> second = start(n2, setIfEquals(null, "b"));
        runUntilAnswered(first, second);

        String value = serialGet(n3);
        assertThat(value).isIn("a", "b");
        assertThat(appliedValue(first.get(0), "a", value)).isTrue();
        assertThat(appliedValue(second.get(0), "b", value)).isTrue();
    }

    /** A success that says it applied must have written the final value; one that says not, must not. */
    private static boolean appliedValue(SerialResult result, String proposed, String finalValue) {
        if (result instanceof SerialResult.Success success) {
            return success.applied() == proposed.equals(finalValue);
        }
        return ((SerialResult.Failed) result).message().contains("may or may not have been applied")
                || !proposed.equals(finalValue);
    }

    @Test
    void sequentialCompareAndSetsAllApply() {
        String expected = null;
        for (int i = 0; i < 10; i++) {
            List<SerialResult> result = start(NodeId.of(1 + i % 3), setIfEquals(expected, "v" + i));
            runUntilAnswered(result);
            assertThat(((SerialResult.Success) result.get(0)).applied()).isTrue();
            expected = "v" + i;
        }
        assertThat(serialGet(n1)).isEqualTo("v9");
    }

    @Test
    void aFailedConditionReportsTheCurrentValueAndChangesNothing() {
        List<SerialResult> set = start(n1, setIfEquals(null, "a"));
        runUntilAnswered(set);
        List<SerialResult> stale = start(n2, setIfEquals("zzz", "b"));
        runUntilAnswered(stale);

        SerialResult.Success result = (SerialResult.Success) stale.get(0);
        assertThat(result.applied()).isFalse();
        assertThat(Workload.value(result.current())).isEqualTo("a");
        assertThat(serialGet(n3)).isEqualTo("a");
    }

    @Test
    void aValueDecidedByPaxosIsVisibleToQuorumReads() {
        runUntilAnswered(start(n1, setIfEquals(null, "a")));
        List<ReadResult> read = new ArrayList<>();
        cluster.node(n3).node().read(KEY, ConsistencyLevel.QUORUM, read::add);
        runUntilAnswered(read);
        assertThat(Workload.value(((ReadResult.Success) read.get(0)).row())).isEqualTo("a");
    }

    @Test
    void aProposalAcceptedByAQuorumIsFinishedByTheNextProposerWhenItsOwnerCrashes() {
        // n1's commits are lost, so its proposal is accepted everywhere and committed nowhere; then n1 dies.
        cluster.network().drop(n1, Verb.PAXOS_COMMIT);
        cluster.node(n1).node().serial(KEY, setIfEquals(null, "a"), result -> { });
        simulation.runFor(SECOND / 20);
        cluster.node(n1).crash();
        assertThat(cluster.node(n2).storage().row(KEY)).as("not committed anywhere").isEqualTo(Row.EMPTY);

        assertThat(serialGet(n2)).as("a later SERIAL read finishes the accepted proposal").isEqualTo("a");
    }

    @Test
    void tooFewLiveReplicasFailAtOnceWithUnavailable() {
        cluster.node(n2).crash();
        cluster.node(n3).crash();
        simulation.runFor(config.failureTimeout().toNanos() + SECOND);
        List<SerialResult> result = start(n1, setIfEquals(null, "a"));
        assertThat(result).hasSize(1);
        SerialResult.Failed failed = (SerialResult.Failed) result.get(0);
        assertThat(failed.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(failed.message()).startsWith("SERIAL serial operation needs 2 of 3 replicas");
    }

    @Test
    void aSerialWriteThenASerialReadThroughAnotherNode() {
        List<WriteResult> write = new ArrayList<>();
        cluster.node(n1).node().write(new Mutation(KEY, Row.set(Bytes.utf8("v"), 0)),
                ConsistencyLevel.SERIAL, write::add);
        runUntilAnswered(write);
        assertThat(write.get(0)).isInstanceOf(WriteResult.Success.class);
        assertThat(serialGet(n3)).isEqualTo("v");
    }
}
