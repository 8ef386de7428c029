package chorus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad client input gets a clear error and never takes the node down (issue 3, fourth "Must show";
 * DESIGN.md D11): malformed RESP and absurd lengths close that one connection, as in Redis; an
 * unknown command, wrong arguments and a key or value over the configured limit are answered and
 * the connection goes on.
 */
@ExtendWith(ProcessGuard.class)
@Timeout(120)
class BadInputIT {
    private static final int MAX_VALUE_SIZE = 1024;
    private static final int MAX_KEY_SIZE = 256;
    private static LocalCluster cluster;

    @BeforeAll
    static void startNode() {
        cluster = LocalCluster.start(1, Map.of(
                "max-value-size", Integer.toString(MAX_VALUE_SIZE),
                "max-key-size", Integer.toString(MAX_KEY_SIZE)));
    }

    @AfterAll
    static void stopNode() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @AfterEach
    void nodeIsStillServing() throws IOException {
        assertThat(cluster.node(1).isAlive()).as("node process alive").isTrue();
        assertAnswersPingQuickly();
    }

    @Test
    void malformedRespIsAProtocolErrorThatClosesOnlyThatConnection() throws IOException {
        try (Resp bystander = Resp.connect(port()); Resp bad = Resp.connect(port(), Duration.ofSeconds(5))) {
            assertThat(bystander.call("SET", "bystander", "still here")).isEqualTo("OK");

            bad.sendRaw("*abc\r\n");

            Object reply = bad.read();
            assertThat(reply).isInstanceOf(Resp.Err.class);
            assertThat(((Resp.Err) reply).message()).startsWith("ERR Protocol error");
            assertThat(bad.closedByPeer()).as("the node closes a connection after a protocol error").isTrue();
            assertThat(bystander.call("GET", "bystander")).isEqualTo("still here");
        }
    }

    @Test
    void aBulkLengthOf600MegabytesIsRefusedAtOnce() throws IOException {
        try (Resp resp = Resp.connect(port(), Duration.ofSeconds(5))) {
            resp.sendRaw("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$600000000\r\n");

            // The answer comes before any of the 600 MB: the node does not wait for (or allocate) it.
            Object reply = resp.read();
            assertThat(reply).isInstanceOf(Resp.Err.class);
            assertThat(((Resp.Err) reply).message()).startsWith("ERR Protocol error");
            assertThat(resp.closedByPeer()).as("the node closes a connection after a protocol error").isTrue();
        }
        try (Resp resp = Resp.connect(port())) {
            assertThat(resp.call("GET", "big")).isNull();
        }
    }

    @Test
    void manyClientsStreamingHugeBulkStringsDoNotExhaustTheNodesMemory() throws IOException {
        // Each declares 600 MB and sends 16 MB of it; the node has a 192 MB heap.
        List<Resp> clients = new ArrayList<>();
        try {
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 6; i++) {
                Resp client = Resp.connect(port(), Duration.ofSeconds(5));
                clients.add(client);
                try {
                    client.sendRaw("*3\r\n$3\r\nSET\r\n$5\r\nhuge" + i + "\r\n$600000000\r\n");
                    for (int megabyte = 0; megabyte < 16; megabyte++) {
                        client.sendRaw(chunk);
                    }
                } catch (IOException e) {
                    // The node refused the length and closed the connection: what it should do.
                }
            }
            assertAnswersPingQuickly();
        } finally {
            for (Resp client : clients) {
                client.close();
            }
        }
    }

    @Test
    void anUnknownCommandIsAnErrorAndTheConnectionGoesOn() throws IOException {
        try (Resp resp = Resp.connect(port())) {
            Object reply = resp.call("FLYTOTHEMOON", "now");

            assertThat(reply).isInstanceOf(Resp.Err.class);
            assertThat(((Resp.Err) reply).message()).startsWith("ERR unknown command");
            assertThat(resp.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void aWrongNumberOfArgumentsIsAnErrorAndTheConnectionGoesOn() throws IOException {
        try (Resp resp = Resp.connect(port())) {
            assertThat(resp.call("GET")).isEqualTo(new Resp.Err("ERR wrong number of arguments for 'get' command"));
            assertThat(resp.call("SET", "only-a-key"))
                    .isEqualTo(new Resp.Err("ERR wrong number of arguments for 'set' command"));
            assertThat(resp.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void aValueOverMaxValueSizeIsRefusedAndNotWritten() throws IOException {
        try (Resp resp = Resp.connect(port())) {
            assertThat(resp.call("SET", "value:at-limit", "v".repeat(MAX_VALUE_SIZE))).isEqualTo("OK");

            Object reply = resp.call("SET", "value:over-limit", "v".repeat(MAX_VALUE_SIZE + 1));

            assertThat(reply).isInstanceOf(Resp.Err.class);
            assertThat(((Resp.Err) reply).message()).contains("max-value-size");
            assertThat(resp.call("GET", "value:over-limit")).isNull();
            assertThat(resp.call("EXISTS", "value:over-limit")).isEqualTo(0L);
            assertThat(resp.call("GET", "value:at-limit")).isEqualTo("v".repeat(MAX_VALUE_SIZE));
        }
    }

    @Test
    void anMsetWithOneValueOverTheLimitWritesNothing() throws IOException {
        try (Resp resp = Resp.connect(port())) {
            Object reply = resp.call("MSET", "mset:small", "fine", "mset:big", "v".repeat(MAX_VALUE_SIZE + 1));

            assertThat(reply).isInstanceOf(Resp.Err.class);
            assertThat(((Resp.Err) reply).message()).contains("max-value-size");
            assertThat(resp.call("EXISTS", "mset:small", "mset:big")).isEqualTo(0L);
        }
    }

    @Test
    void aKeyOverMaxKeySizeIsRefusedAndNotWritten() throws IOException {
        try (Resp resp = Resp.connect(port())) {
            assertThat(resp.call("SET", "k".repeat(MAX_KEY_SIZE), "fits")).isEqualTo("OK");

            Object reply = resp.call("SET", "k".repeat(MAX_KEY_SIZE + 1), "too long a key");

            assertThat(reply).isInstanceOf(Resp.Err.class);
            assertThat(((Resp.Err) reply).message()).contains("max-key-size");
            assertThat(resp.call("GET", "k".repeat(MAX_KEY_SIZE))).isEqualTo("fits");
            assertThat(resp.call("PING")).isEqualTo("PONG");
        }
    }

    private static int port() {
        return cluster.respPort(1);
    }

    private static void assertAnswersPingQuickly() throws IOException {
        try (Resp resp = Resp.connect(port(), Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            assertThat(resp.call("PING")).isEqualTo("PONG");
            assertThat(resp.call("SET", "alive", "yes")).isEqualTo("OK");
            assertThat(resp.call("GET", "alive")).isEqualTo("yes");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("PING, SET and GET answered quickly")
                    .isLessThan(Duration.ofSeconds(1));
        }
    }
}
