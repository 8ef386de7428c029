package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteResult;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scripted faults on a fault-free 3-node cluster (RF 3): each test reads like the story it tells. */
class ReplicationScenarioTest {
    private static final long SECOND = 1_000_000_000L;
    private static final RowKey KEY = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8("user:42"));

    private final Simulation simulation = new Simulation(1);
    private final NodeConfig config = NodeConfig.defaults(Cluster.members(3));
    private final Cluster cluster = Cluster.faultFree(simulation, config);

    private final NodeId n1 = NodeId.of(1);
    private final NodeId n2 = NodeId.of(2);
    private final NodeId n3 = NodeId.of(3);

    ReplicationScenarioTest() {
        cluster.startAll();
        simulation.runFor(SECOND);
    }

    private WriteResult set(NodeId via, String value, ConsistencyLevel level) {
        List<WriteResult> result = new ArrayList<>();
        Row row = Row.set(Bytes.utf8(value), 0);
        cluster.node(via).node().write(new Mutation(KEY, row), level, result::add);
        simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 10 * SECOND);
        return result.get(0);
    }

    private ReadResult get(NodeId via, ConsistencyLevel level) {
        List<ReadResult> result = new ArrayList<>();
        cluster.node(via).node().read(KEY, level, result::add);
        simulation.runUntil(() -> !result.isEmpty(), simulation.nowNanos() + 10 * SECOND);
        return result.get(0);
    }

    private String stored(NodeId node) {
        return Workload.value(cluster.node(node).storage().row(KEY));
    }

    private void isolate(NodeId node) {
        for (NodeId other : List.of(n1, n2, n3)) {
            if (!other.equals(node)) {
                cluster.network().cut(node, other);
                cluster.network().cut(other, node);
            }
        }
    }

    @Test
    void readRepairFixesAReplicaThatMissedAWrite() {
        isolate(n3);
        assertThat(set(n1, "v1", ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);
        assertThat(stored(n3)).isNull();

        cluster.network().healAll();
        simulation.runFor(SECOND);
        ReadResult read = get(n2, ConsistencyLevel.ALL);

        assertThat(Workload.value(((ReadResult.Success) read).row())).isEqualTo("v1");
        assertThat(stored(n3)).as("ALL reads repair before answering").isEqualTo("v1");
    }

    @Test
    void aQuorumReadThroughAnyNodeSeesAQuorumWrite() {
        isolate(n2);
        assertThat(set(n1, "v1", ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);
        cluster.network().healAll();
        isolate(n1);
        ReadResult read = get(n3, ConsistencyLevel.QUORUM);
        assertThat(Workload.value(((ReadResult.Success) read).row())).isEqualTo("v1");
        assertThat(stored(n2)).as("the stale replica was repaired before the answer").isEqualTo("v1");
    }

    @Test
    void tooFewLiveReplicasFailAtOnceWithUnavailable() {
        cluster.node(n2).crash();
        cluster.node(n3).crash();
        simulation.runFor(config.failureTimeout().toNanos() + SECOND);
        long before = simulation.nowNanos();
        long sentBefore = cluster.network().sent();

        WriteResult result = set(n1, "v1", ConsistencyLevel.QUORUM);

        assertThat(simulation.nowNanos()).as("answered without waiting").isEqualTo(before);
        assertThat(cluster.network().sent()).as("nothing was sent").isEqualTo(sentBefore);
        WriteResult.Failed failed = (WriteResult.Failed) result;
        assertThat(failed.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(failed.message()).isEqualTo("QUORUM write needs 2 of 3 replicas for key \"user:42\"; alive: [n1]."
                + " Retry, or use a lower consistency level.");
        assertThat(set(n1, "v2", ConsistencyLevel.ONE)).isInstanceOf(WriteResult.Success.class);
    }

    @Test
    void aTimeoutSaysHowManyAcknowledgedAndThatTheOutcomeIsUnknown() {
        // One-way cuts: n1 still hears n2 and n3, so it believes them alive, but they never get its writes.
        cluster.network().cut(n1, n2);
        cluster.network().cut(n1, n3);

        WriteResult.Failed failed = (WriteResult.Failed) set(n1, "v1", ConsistencyLevel.ALL);

        assertThat(failed.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failed.message()).isEqualTo("ALL write got 1 of 3 acknowledgements in 2000 ms;"
                + " it may or may not have been applied");
    }

    @Test
    void aWriteThatFollowsAnotherWinsEvenWhenItsCoordinatorsClockIsBehind() {
        // n2 hears nothing from n1, so its hybrid clock cannot catch up with n1's fast one before it writes:
        // only restamping (the acknowledgement reports the newer timestamp) lets the later write win.
        cluster.network().cut(n1, n2);
        cluster.node(n1).clock().jump(60_000);
        assertThat(set(n1, "first", ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);
        assertThat(set(n2, "second", ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);
        cluster.network().healAll();

        ReadResult read = get(n3, ConsistencyLevel.QUORUM);

        assertThat(Workload.value(((ReadResult.Success) read).row())).isEqualTo("second");
    }

    @Test
    void anAcknowledgedWriteSurvivesACrashOfEveryReplicaInTurn() {
        assertThat(set(n1, "v1", ConsistencyLevel.QUORUM)).isInstanceOf(WriteResult.Success.class);
        for (NodeId node : List.of(n1, n2, n3)) {
            cluster.node(node).crash();
            simulation.runFor(SECOND);
            cluster.node(node).start();
            simulation.runFor(SECOND);
        }
        ReadResult read = get(n2, ConsistencyLevel.QUORUM);
        assertThat(Workload.value(((ReadResult.Success) read).row())).isEqualTo("v1");
    }
}
