package chorus.sim;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.node.Keyspace;
import chorus.core.node.Node;
import chorus.core.node.NodeConfig;
import chorus.core.port.Callback;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A QUORUM SET and a QUORUM GET end to end through the protocol core of three nodes (replication
 * factor 3), in one thread, with the simulator's in-memory ports: {@link SimNetwork} (every message
 * encoded and decoded with the real wire codec), {@link SimStorage} (rows in sorted maps, merged
 * with the same last-write-wins rules as RocksDB) and the simulation's event queue as every node's
 * thread, all fault-free. One operation is everything the cluster does for it: the coordinator's
 * plan, timestamp and timeout, the messages to and from the replicas, their storage calls and
 * acknowledgements, and the work of the replica that answers after the quorum (it runs during the
 * next operations, so the average includes it). Background gossip runs as it would, about once per
 * few hundred operations.
 *
 * <p>What it leaves out: sockets, RESP, RocksDB and the thread hand-offs of a real node (the other
 * benchmarks and {@code chorus bench} cover those). What it adds: the simulator's own machinery,
 * its event queue (a write is 13 events), its digest of every delivered message and a closure per
 * event, which took about a fifth of the CPU samples and a tenth of the bytes allocated in a Flight
 * Recorder profile. Run with {@code -prof gc}: the rest of the bytes allocated per operation are
 * garbage that every request leaves behind on a real node too, since the core and the codec are
 * the same code. It lives in package {@code chorus.sim} to build the simulator's cluster, which is
 * package-private, as the simulator's scenario tests do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CoordinatorBenchmark {
    private static final long SECOND = 1_000_000_000L;
    /** Enough keys to spread over many slots, few enough to stay in cache like a hot working set. */
    private static final int KEYS = 1024;
    private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(100);

    private Simulation simulation;
    private Node coordinator;
    private final RowKey[] keys = new RowKey[KEYS];
    private Bytes value;
    private int next;

    private WriteResult written;
    private ReadResult read;
    private final Callback<WriteResult> onWritten = result -> written = result;
    private final Callback<ReadResult> onRead = result -> read = result;
    private final BooleanSupplier isWritten = () -> written != null;
    private final BooleanSupplier isRead = () -> read != null;

    /** Starts the cluster, lets gossip settle, and writes every key at ALL so that reads find it everywhere. */
    @Setup
    public void setUp() {
        simulation = new Simulation(1);
        NodeConfig defaults = NodeConfig.defaults(Cluster.members(3));
        // A timeout stays in the event queue, cancelled, until its time comes. Operations here take
        // about a simulated millisecond, so the 2 s defaults would keep thousands of dead timers in the
        // queue and make its upkeep a fifth of the measurement. 100 ms is still far above any operation
        // of a fault-free cluster: one that timed out would fail the benchmark.
        NodeConfig config = new NodeConfig(defaults.members(), defaults.keyspaces(), OPERATION_TIMEOUT,
                OPERATION_TIMEOUT, defaults.heartbeatInterval(), defaults.failureTimeout(), defaults.pendingMax(), Set.of());
        Cluster cluster = Cluster.faultFree(simulation, config);
        cluster.startAll();
        simulation.runFor(SECOND);
        coordinator = cluster.nodes().get(0).node();
        byte[] bytes = new byte[100];
        Arrays.fill(bytes, (byte) 'v');
        value = Bytes.wrapUnsafe(bytes);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8(String.format("key:%012d", i)));
            write(keys[i], ConsistencyLevel.ALL);
        }
    }

    /** SET at QUORUM: answers after two of the three replicas have durably applied it. */
    @Benchmark
    public WriteResult quorumWrite() {
        return write(nextKey(), ConsistencyLevel.QUORUM);
    }

    /** GET at QUORUM: two replicas answer, their rows agree, so no read repair is needed. */
    @Benchmark
    public ReadResult quorumRead() {
        read = null;
        RowKey key = nextKey();
        coordinator.read(key, ConsistencyLevel.QUORUM, onRead);
        simulation.runUntil(isRead, simulation.nowNanos() + 10 * SECOND);
        // A benchmark of failures would measure the wrong path: stop at the first one.
        if (!(read instanceof ReadResult.Success success) || success.row().isEmpty()) {
            throw new IllegalStateException("QUORUM read of " + key + " did not find the row: " + read);
        }
        return read;
    }

    private WriteResult write(RowKey key, ConsistencyLevel level) {
        written = null;
        coordinator.write(new Mutation(key, Row.set(value, 0)), level, onWritten);
        simulation.runUntil(isWritten, simulation.nowNanos() + 10 * SECOND);
        if (!(written instanceof WriteResult.Success)) {
            throw new IllegalStateException(level + " write of " + key + " failed: " + written);
        }
        return written;
    }

    private RowKey nextKey() {
        return keys[next++ & (KEYS - 1)];
    }
}
