package chorus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * README's first command, {@code ./chorus local}, as a user runs it: it starts a cluster of three
 * node processes, SIGTERM stops every one of them, and a second run on the same data directory
 * brings the data back.
 */
@ExtendWith(ProcessGuard.class)
@Timeout(180)
class LocalCommandIT {
    private static final Duration UP_WITHIN = Duration.ofSeconds(90);
    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(30);

    private Path dataDir;
    private int basePort;

    @BeforeEach
    void setUp() {
        dataDir = Spawn.newDataDir("LocalCommandIT");
        basePort = freeBasePort(3);
    }

    @AfterEach
    void cleanUp() {
        Spawn.deleteTree(dataDir);
    }

    @Test
    void localStartsAClusterStopsEveryNodeOnSigtermAndRestartsItWithItsData() throws Exception {
        Process first = startLocal("local-run1");
        awaitUp(first, "local-run1");
        try (Jedis node1 = Clients.jedis(basePort);
             Jedis node3 = Clients.jedis(basePort + 2)) {
            assertThat(node1.set("tour:hello", "world")).isEqualTo("OK");
            assertThat(node3.get("tour:hello")).isEqualTo("world");
        }
        Spawn.Finished status = Spawn.runMain("LocalCommandIT/status", Duration.ofSeconds(30), "status", "--host",
                "127.0.0.1:" + basePort);
        assertThat(status.exitCode()).as("status exit code; output:%n%s", status.output()).isZero();
        assertThat(status.output().lines().filter(line -> line.startsWith("UN ")))
                .as("status shows every node up (UN); output:%n%s", status.output())
                .hasSize(3)
                .anyMatch(line -> line.contains("n1")).anyMatch(line -> line.contains("n2"))
                .anyMatch(line -> line.contains("n3"));

        List<ProcessHandle> nodes = first.descendants().toList();
        assertThat(nodes).as("node processes started by local").hasSizeGreaterThanOrEqualTo(3);

        first.destroy(); // SIGTERM, as Ctrl-C or a service manager would send.

        assertThat(first.waitFor(STOPPED_WITHIN.toMillis(), TimeUnit.MILLISECONDS)).as("local exits on SIGTERM").isTrue();
        for (ProcessHandle node : nodes) {
            assertThat(node.onExit().thenApply(ProcessHandle::isAlive).completeOnTimeout(true,
                    STOPPED_WITHIN.toMillis(), TimeUnit.MILLISECONDS).get())
                    .as("node process %d still running after local was stopped", node.pid()).isFalse();
        }

        Process second = startLocal("local-run2");
        awaitUp(second, "local-run2");
        try (Jedis node2 = Clients.jedis(basePort + 1);
             Jedis node3 = Clients.jedis(basePort + 2)) {
            assertThat(node2.get("tour:hello")).isEqualTo("world");
            assertThat(node3.get("tour:hello")).isEqualTo("world");
        }
        List<ProcessHandle> secondNodes = second.descendants().toList();
        second.destroy();
        assertThat(second.waitFor(STOPPED_WITHIN.toMillis(), TimeUnit.MILLISECONDS)).as("local exits on SIGTERM").isTrue();
        for (ProcessHandle node : secondNodes) {
            node.onExit().completeOnTimeout(node, STOPPED_WITHIN.toMillis(), TimeUnit.MILLISECONDS).get();
            assertThat(node.isAlive()).as("node process %d after the second local was stopped", node.pid()).isFalse();
        }
    }

    private Process startLocal(String name) throws IOException {
        Files.deleteIfExists(log(name));
        return Spawn.start(name, Spawn.javaMain("128m", "local", "--nodes", "3", "--base-port",
                Integer.toString(basePort), "--data-dir", dataDir.toString()), log(name));
    }

    private static Path log(String name) {
        return Spawn.logDir().resolve("LocalCommandIT").resolve(name + ".log");
    }

    /** Waits until local prints its redis-cli hint and every node answers PING. */
    private void awaitUp(Process local, String name) {
        Eventually.within(UP_WITHIN, Duration.ofMillis(200), name + " prints a redis-cli line to try", () -> {
            assertThat(local.isAlive()).as("local is running").isTrue();
            String output = new String(Files.readAllBytes(log(name)), StandardCharsets.UTF_8);
            assertThat(output).contains("redis-cli -p " + basePort);
            return output;
        });
        for (int i = 0; i < 3; i++) {
            int port = basePort + i;
            Eventually.within(Duration.ofSeconds(10), Duration.ofMillis(100), "node on " + port + " answers PING",
                    () -> {
                        try (Resp resp = Resp.connect(port)) {
                            assertThat(resp.call("PING")).isEqualTo("PONG");
                            return null;
                        }
                    });
        }
    }

    /**
     * A base port such that local's ports are all free: RESP on 127.0.0.1:base..base+n-1 and
     * internode on 127.0.0.i:base+100+i-1.
     */
    private static int freeBasePort(int nodes) {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + random.nextInt(25_000);
            boolean free = true;
            for (int i = 1; i <= nodes && free; i++) {
                free = Spawn.isFree("127.0.0.1", base + i - 1) && Spawn.isFree("127.0.0." + i, base + 100 + i - 1);
            }
            if (free) {
                return base;
            }
        }
        throw new UncheckedIOException(new IOException("no free base port for " + nodes + " nodes"));
    }
}
