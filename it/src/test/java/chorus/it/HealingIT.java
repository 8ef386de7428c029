package chorus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failures heal themselves (issue 5, "Must show", real processes): three nodes, replication factor 3;
 * 10,000 keys written at QUORUM while one node is killed with kill -9 part-way through; the node
 * restarts, its hints arrive, {@code chorus repair} (the CLI, as a process) runs, and then every
 * slot's replicas have equal Merkle roots ({@code chorus digest}) and reads at ONE through the
 * restarted node return the latest value of every key.
 *
 * <p>Hints alone make the node whole: every hint of the burst is stored (all of them together hold
 * about 1 MB, far below the 16 MiB {@code max-pending-hint-bytes}, so none may overflow) and
 * delivered, and the repair that follows finds nothing to stream.
 */
@ExtendWith(ProcessGuard.class)
@Timeout(180)
class HealingIT {
    private static final int KEYS = 10_000;
    /** n3 dies with the batch that starts at this key in flight, */
    private static final int KILL_AT = 3_000;
    /** and these first keys are written again with new values while it is down. */
    private static final int OVERWRITTEN = 1_000;
    private static final int BATCH = 200;
    private static final Duration HINTS_ARRIVE_MAX = Duration.ofSeconds(60);

    @Test
    void aKilledNodeGetsItsHintsAndAfterRepairEveryReplicaHoldsTheSameData() throws IOException {
        // Scheduled repair off: this test shows what the operator's repair does.
        try (LocalCluster cluster = LocalCluster.start(3, Map.of("repair-interval", "0"))) {
            Map<String, String> latest = new LinkedHashMap<>();
            writeAtQuorum(cluster, 0, KEYS, "first", latest, () -> cluster.node(3).kill9());
            writeAtQuorum(cluster, 0, OVERWRITTEN, "second", latest, () -> { });
            // The writes n3 missed sit in the coordinators' transport queues until they give up on its
            // acknowledgement (write-timeout) or see it down; only then are hints stored. Restarted sooner,
            // n3 would just receive the queued writes, and this test would not be about hints.
            hintsStored(cluster);

            cluster.restart(3);
            long restartedAt = System.nanoTime();
            hintsArrive(cluster);
            System.out.println("HealingIT: hints for n3 delivered " + (System.nanoTime() - restartedAt) / 1_000_000
                    + " ms after its restart");

            Spawn.Finished repair = Spawn.runMain("HealingIT/repair", Duration.ofSeconds(90), "repair", "--hosts",
                    address(cluster, 1) + "," + address(cluster, 2));
            repair.output().lines().filter(line -> line.startsWith("repair: finished"))
                    .forEach(line -> System.out.println("HealingIT: " + line));
            assertThat(repair.exitCode()).as("chorus repair exit code; output:%n%s", repair.output()).isZero();
            assertThat(repair.output()).contains("repair: finished").contains(" 0 failed;")
                    .as("hints brought n3 every write it missed: repair has nothing left to stream")
                    .contains(" 0 failed; 0 rows (");

            Spawn.Finished digest = Spawn.runMain("HealingIT/digest", Duration.ofSeconds(60), "digest", "--hosts",
                    address(cluster, 1) + "," + address(cluster, 2) + "," + address(cluster, 3));
            assertThat(digest.exitCode()).as("chorus digest exit code; output:%n%s", digest.output()).isZero();
            assertThat(digest.output()).contains("nodes n1, n2, n3")
                    .contains("digest: all replicas agree on all 16384 compared slots");

            readAtOneThroughTheRestartedNode(cluster, latest);
        }
    }

    /**
     * Writes keys {@code from..to} at QUORUM (the default), pipelined in batches, through n1 and n2 in
     * turn; {@code atKillPoint} runs once the batch starting at {@link #KILL_AT} is sent and before its
     * replies are read. A write that fails is retried until acknowledged, so {@code latest} holds what
     * was last acknowledged for each key.
     */
    private static void writeAtQuorum(LocalCluster cluster, int from, int to, String version,
                                      Map<String, String> latest, Runnable atKillPoint) throws IOException {
        try (Resp node1 = Resp.connect(cluster.respPort(1)); Resp node2 = Resp.connect(cluster.respPort(2))) {
            for (int start = from; start < to; start += BATCH) {
                Resp via = (start / BATCH) % 2 == 0 ? node1 : node2;
                int end = Math.min(to, start + BATCH);
                for (int i = start; i < end; i++) {
                    via.send("SET", "key:" + i, version + ":" + i);
                }
                if (start == KILL_AT) {
                    atKillPoint.run();
                }
                List<Integer> failed = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    if (!"OK".equals(via.read())) {
                        failed.add(i);
                    }
                }
                for (int i : failed) {
                    Eventually.within(Duration.ofSeconds(15), Duration.ofMillis(100), "SET key:" + i + " at QUORUM",
                            () -> expectOk(via.call("SET", "key:" + i, version + ":" + i)));
                }
                for (int i = start; i < end; i++) {
                    latest.put("key:" + i, version + ":" + i);
                }
            }
        }
    }

    /** The coordinators have stored hints for n3 (INFO chorus, hints_stored), within a bound. */
    private static void hintsStored(LocalCluster cluster) {
        Eventually.within(Duration.ofSeconds(30), Duration.ofMillis(200), "n1 and n2 store hints for n3", () -> {
            long stored = 0;
            for (int node = 1; node <= 2; node++) {
                stored += Long.parseLong(infoChorus(cluster.respPort(node)).getOrDefault("hints_stored", "0"));
            }
            if (stored == 0) {
                throw new AssertionError("no hints stored yet");
            }
            return stored;
        });
    }

    /** Both coordinators report no hints left for n3 (INFO chorus, hints_pending_for), within a bound. */
    private static void hintsArrive(LocalCluster cluster) {
        long stored = 0;
        for (int node = 1; node <= 2; node++) {
            int port = cluster.respPort(node);
            Map<String, String> info = Eventually.within(HINTS_ARRIVE_MAX, Duration.ofMillis(200),
                    "n" + node + " has delivered its hints for n3", () -> {
                        Map<String, String> fields = infoChorus(port);
                        if (fields.getOrDefault("hints_pending_for", "?").contains("n3")) {
                            throw new AssertionError("INFO chorus: " + fields);
                        }
                        return fields;
                    });
            System.out.println("HealingIT: n" + node + " hints stored=" + info.get("hints_stored") + " delivered="
                    + info.get("hints_delivered") + " expired=" + info.get("hints_expired") + " overflowed="
                    + info.get("hints_overflowed"));
            stored += Long.parseLong(info.get("hints_stored"));
            assertThat(info.get("hints_pending_for")).isEmpty();
            assertThat(info.get("hints_overflowed")).as("n%d dropped hints", node).isEqualTo("0");
            assertThat(info.get("hints_store_failed")).as("n%d failed to store hints", node).isEqualTo("0");
            assertThat(info.get("hints_delivered")).as("n%d delivered every hint it stored", node)
                    .isEqualTo(info.get("hints_stored"));
        }
        assertThat(stored).as("hints were stored for n3 while it was down").isPositive();
    }

    private static void readAtOneThroughTheRestartedNode(LocalCluster cluster, Map<String, String> latest)
            throws IOException {
        try (Resp node3 = Resp.connect(cluster.respPort(3))) {
            assertThat(node3.call("CONSISTENCY", "READ", "ONE")).isEqualTo("OK");
            List<String> keys = new ArrayList<>(latest.keySet());
            int stale = 0;
            String firstStale = null;
            for (int start = 0; start < keys.size(); start += BATCH) {
                int end = Math.min(keys.size(), start + BATCH);
                for (int i = start; i < end; i++) {
                    node3.send("GET", keys.get(i));
                }
                for (int i = start; i < end; i++) {
                    Object value = node3.read();
                    if (!latest.get(keys.get(i)).equals(value)) {
                        stale++;
                        firstStale = firstStale == null ? keys.get(i) + "=" + value : firstStale;
                    }
                }
            }
            assertThat(stale).as("keys read at ONE through n3 that are not the latest value (first: %s)", firstStale)
                    .isZero();
            assertThat(keys).hasSize(KEYS);
        }
    }

    private static Map<String, String> infoChorus(int port) throws IOException {
        try (Resp resp = Resp.connect(port)) {
            Map<String, String> fields = new LinkedHashMap<>();
            String.valueOf(resp.call("INFO", "chorus")).lines().filter(line -> line.contains(":")).forEach(line ->
                    fields.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim()));
            return fields;
        }
    }

    private static String address(LocalCluster cluster, int node) {
        return "127.0.0.1:" + cluster.respPort(node);
    }

    private static Object expectOk(Object reply) {
        if (!"OK".equals(reply)) {
            throw new AssertionError("expected OK, got " + reply);
        }
        return reply;
    }
}
