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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator's repair tools against three in-process nodes: a node that missed writes (with the
 * hint window at 0, so only repair can fix it) shows up in {@code chorus digest}, {@code chorus repair} streams
 * what it lacks, and afterwards every slot's replicas agree and reads at ONE through it are current.
 */
@Timeout(120)
class RepairToolsTest {
    @TempDir
    Path data;
    final List<ChorusNode> nodes = new ArrayList<>();
    List<ChorusConfig> configs;

    @AfterEach
    void stop() {
        nodes.forEach(ChorusNode::close);
    }

    @Test
    void digestFindsWhatANodeMissedAndRepairFixesIt() throws IOException, InterruptedException {
        configs = TestNodes.cluster(3, data, Map.of("replication-factor", "3", "heartbeat-interval", "100ms",
                "failure-timeout", "1s", "hint-window", "0", "repair-interval", "0"));
        configs.forEach(config -> nodes.add(ChorusNode.start(config)));
        awaitUp(0, 3);
        try (RespClient first = client(0)) {
            assertThat(first.call("CONSISTENCY", "WRITE", "ALL")).isEqualTo("OK");
            for (int i = 0; i < 200; i++) {
                assertThat(first.call("SET", "key" + i, "old" + i)).isEqualTo("OK");
            }
        }
        nodes.get(2).close();
        awaitUp(0, 2);
        try (RespClient first = client(0)) {
            for (int i = 0; i < 100; i++) {
                assertThat(first.call("SET", "missed" + i, "m" + i)).isEqualTo("OK");
            }
            for (int i = 0; i < 20; i++) {
                assertThat(first.call("SET", "key" + i, "new" + i)).isEqualTo("OK");
            }
        }
        // n1 restarts too: its transport queues frames for an unreachable peer (up to 10,000) and would
        // deliver the missed writes when n3 returns, which is not what this test is about.
        nodes.get(0).close();
        nodes.set(0, ChorusNode.start(configs.get(0)));
        nodes.set(2, ChorusNode.start(configs.get(2)));
        awaitUp(0, 3);
        awaitUp(2, 3);
        String hosts = allHosts();

        Result before = run("digest", "--hosts", hosts);
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(1);
        assertThat(before.err()).contains("compared slots disagree between their replicas; run chorus repair");
        assertThat(before.out()).contains("digest: keyspace default, 16384 slots, nodes n1, n2, n3").contains("  slot ");

        Result repair = run("repair", "--host", host(0), "--chunk", "4096");
        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(repair.out()).contains("repair: keyspace default, 16384 slots in 4 chunks")
                .contains("repair: 16384/16384 slots (100%)").contains(" 0 failed; 120 rows (");

        Result after = run("digest", "--hosts", hosts);
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).contains("digest: all replicas agree on all 16384 compared slots");

        try (RespClient third = client(2)) {
            assertThat(third.call("CONSISTENCY", "READ", "ONE")).isEqualTo("OK");
            for (int i = 0; i < 100; i++) {
                assertThat(third.call("GET", "missed" + i)).as("missed%d at ONE through n3", i).isEqualTo("m" + i);
            }
            for (int i = 0; i < 200; i++) {
                assertThat(third.call("GET", "key" + i)).isEqualTo((i < 20 ? "new" : "old") + i);
            }
        }
    }

    @Test
    void adminCommandsAnswerMistakesWithOneLine() throws IOException, InterruptedException {
        configs = TestNodes.cluster(3, data, Map.of("replication-factor", "3", "heartbeat-interval", "100ms",
                "failure-timeout", "1s"));
        configs.forEach(config -> nodes.add(ChorusNode.start(config)));
        awaitUp(0, 3);
        try (RespClient first = client(0)) {
            assertThat(first.call("CHORUS", "REPAIR", "default", "10", "5")).isEqualTo(new ErrorReply(
                    "ERR slot range 10 5 is invalid (expected: from and to with 0 <= from <= to <= 16383)"));
            assertThat(first.call("CHORUS", "DIGEST", "nope", "0", "5")).isEqualTo(new ErrorReply(
                    "ERR unknown keyspace 'nope' (known: default)"));
            assertThat(first.call("CHORUS", "FIX")).isInstanceOf(ErrorReply.class);
            Object repaired = first.call("CHORUS", "REPAIR", "default", "0", "9");
            assertThat(repaired).asString().contains("slots_done, 10", "slots_in_sync, 10", "slots_failed, 0");
            List<?> gossip = (List<?>) first.call("CHORUS", "GOSSIP");
            assertThat(gossip).hasSize(3);
            assertThat(gossip.get(0)).asString().contains("n1", "self");
            assertThat(gossip.get(2)).asString().contains("n3", "up", "phi");
        }
        assertThat(run("repair", "--slots", "7-3").err()).isEqualTo("repair: --slots 7-3: range 7-3 runs backwards\n");
        assertThat(run("repair", "--host", host(0), "--keyspace", "nope").exitCode()).isEqualTo(2);

        Result status = run("status", "--host", host(0));
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("What each node believes (row: the node asked")
                .containsPattern("\\nn2 +up +self +up +\\n").contains("All 3 answering nodes agree about every member.");

        Result failover = run("repair", "--hosts", "127.0.0.1:" + TestNodes.freePort() + "," + host(1), "--slots", "0-9");
        assertThat(failover.exitCode()).as(failover.toString()).isZero();
        assertThat(failover.err()).startsWith("repair: lost 127.0.0.1:").contains("; going on through " + host(1));
        assertThat(failover.out()).contains("10 slots, 0 repaired, 10 already in sync, 0 failed");

        nodes.get(2).close();
        awaitUp(0, 2);
        Result failed = run("repair", "--host", host(0), "--slots", "0-9");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).isEqualTo("repair: 10 of 10 slots failed (first: slot 0: replicas [n3] are down);"
                + " run repair again once every replica is up\n");
        Result digest = run("digest", "--host", host(0), "--slots", "0-9");
        assertThat(digest.exitCode()).isEqualTo(1);
        assertThat(digest.err()).startsWith("digest: cannot reach 127.0.0.1:" + configs.get(2).clientPort() + " (")
                .endsWith("; its slots were not compared\n");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private String allHosts() {
        return java.util.stream.IntStream.range(0, nodes.size()).mapToObj(this::host).collect(Collectors.joining(","));
    }

    private String host(int index) {
        return "127.0.0.1:" + configs.get(index).clientPort();
    }

    private RespClient client(int index) throws IOException {
        return RespClient.connect("127.0.0.1", configs.get(index).clientPort(), 10_000);
    }

    /** Waits until node {@code index} sees exactly {@code count} members up. */
    private void awaitUp(int index, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (RespClient via = client(index)) {
            while (System.nanoTime() < deadline) {
                int up = 0;
                for (Object row : (List<?>) via.call("CHORUS", "STATUS")) {
                    List<?> fields = (List<?>) row;
                    up += fields.get(fields.indexOf("state") + 1).equals("up") ? 1 : 0;
                }
                if (up == count) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("n" + (index + 1) + " never saw " + count + " members up");
    }
}
