package chorus.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.server.Main;
import chorus.server.cli.RespClient;
import chorus.server.cli.RespClient.ErrorReply;
import chorus.server.config.ChorusConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Three in-process nodes on 127.0.0.1 with distinct ports, replication factor 3. */
@Timeout(90)
class ThreeNodeClusterTest {
    @TempDir
    Path data;
    final List<ChorusNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(ChorusNode::close);
    }

    @Test
    void aKeyWrittenThroughOneNodeIsReadThroughAnother() throws IOException {
        startCluster();

        try (RespClient first = client(0); RespClient third = client(2)) {
            assertThat(first.call("SET", "hello", "world")).isEqualTo("OK");
            assertThat(third.call("GET", "hello")).isEqualTo("world");
            for (int i = 0; i < 50; i++) {
                assertThat(first.call("SET", "key" + i, "value" + i)).isEqualTo("OK");
            }
            for (int i = 0; i < 50; i++) {
                assertThat(third.call("GET", "key" + i)).isEqualTo("value" + i);
            }
            assertThat(third.call("DEL", "hello")).isEqualTo(1L);
            assertThat(first.call("GET", "hello")).isNull();
        }
    }

    @Test
    void quorumSurvivesOneNodeDownWhileAllFails() throws IOException, InterruptedException {
        startCluster();
        nodes.get(1).close();

        try (RespClient first = client(0); RespClient third = client(2)) {
            assertThat(first.call("SET", "survivor", "yes")).isEqualTo("OK");
            assertThat(third.call("GET", "survivor")).isEqualTo("yes");
            awaitDown(first, "n2");  // the only member down

            assertThat(first.call("CONSISTENCY", "WRITE", "ALL")).isEqualTo("OK");
            Object refused = first.call("SET", "survivor", "no");
            assertThat(refused).isInstanceOf(ErrorReply.class);
            assertThat(((ErrorReply) refused).line()).startsWith("UNAVAILABLE ");
            assertThat(third.call("GET", "survivor")).isEqualTo("yes");
        }
        String status = status("127.0.0.1:" + nodes.get(0).clientAddress().getPort());
        assertThat(status).contains("as seen by n1").containsPattern("\\nUN +n1 ").containsPattern("\\nDN +n2 ")
                .containsPattern("\\nUN +n3 ");
    }

    /** What {@code chorus status --host address} prints. */
    private static String status(String address) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        assertThat(commandLine.execute("status", "--host", address)).isZero();
        return out.toString();
    }

    private void startCluster() {
        List<ChorusConfig> configs = TestNodes.cluster(3, data,
                Map.of("replication-factor", "3", "heartbeat-interval", "100ms", "failure-timeout", "1s"));
        for (ChorusConfig config : configs) {
            nodes.add(ChorusNode.start(config));
        }
        for (int i = 0; i < nodes.size(); i++) {
            try (RespClient client = client(i)) {
                awaitState(client, "down", 0);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private RespClient client(int index) throws IOException {
        return RespClient.connect("127.0.0.1", nodes.get(index).clientAddress().getPort(), 10_000);
    }

    /** Waits until {@code via}'s node believes {@code id} is down, as CHORUS STATUS reports. */
    private static void awaitDown(RespClient via, String id) throws IOException, InterruptedException {
        awaitState(via, "down", 1);
    }

    /** Waits until {@code via}'s node sees exactly {@code count} members in {@code state}. */
    private static void awaitState(RespClient via, String state, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            int matching = 0;
            for (Object row : (List<?>) via.call("CHORUS", "STATUS")) {
                List<?> fields = (List<?>) row;
                matching += fields.get(fields.indexOf("state") + 1).equals(state) ? 1 : 0;
            }
            if (matching == count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw " + count + " members " + state);
    }
}
