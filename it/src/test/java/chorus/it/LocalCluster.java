package chorus.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster of real node processes on this machine, as a test sets one up: node i listens for
 * clients on 127.0.0.1 and for peers on its own loopback address 127.0.0.i (DESIGN.md D9), each on
 * a port that was free when the cluster started, with its data in a fresh folder under
 * {@code target/it-data} and its output in {@code target/it-logs/<TestClass>/}. Every process is
 * also registered with {@link ProcessGuard}, which kills it when the test ends.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(3)) {
 *     cluster.node(3).kill9();
 *     cluster.restart(3);
 * }
 * }</pre>
 */
final class LocalCluster implements AutoCloseable {
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static final Duration MEMBERS_UP_TIMEOUT = Duration.ofSeconds(30);

    private final List<NodeProcess> nodes;
    private final Path dataRoot;

    private LocalCluster(List<NodeProcess> nodes, Path dataRoot) {
        this.nodes = nodes;
        this.dataRoot = dataRoot;
    }

    /** Starts {@code count} nodes with default settings and waits until each prints READY. */
    static LocalCluster start(int count) {
        return start(count, Map.of());
    }

    /** Starts {@code count} nodes, each also given {@code settings} (name to YAML value), and waits for READY. */
    static LocalCluster start(int count, Map<String, String> settings) {
        String testClass = callingTestClass();
        int number = CLUSTERS.incrementAndGet();
        Path dataRoot = Spawn.newDataDir(testClass);
        Path logs = Spawn.logDir().resolve(testClass);
        List<String> members = new ArrayList<>();
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String listenHost = "127.0.0." + i;
            int internodePort = Spawn.freePort(listenHost);
            int respPort = Spawn.freePort("127.0.0.1");
            Map<String, String> config = new LinkedHashMap<>();
            config.put("node-id", "n" + i);
            config.put("listen-host", listenHost);
            config.put("internode-port", Integer.toString(internodePort));
            config.put("client-host", "127.0.0.1");
            config.put("client-port", Integer.toString(respPort));
            config.put("data-dir", dataRoot.resolve("n" + i).toString());
            config.putAll(settings);
            configs.add(config);
            members.add("n" + i + "=" + listenHost + ":" + internodePort + "/127.0.0.1:" + respPort + "/rack1");
        }
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Map<String, String> config = configs.get(i - 1);
            Path configFile = dataRoot.resolve("n" + i + ".yaml");
            write(configFile, yaml(config, members));
            nodes.add(new NodeProcess("n" + i, configFile, Path.of(config.get("data-dir")),
                    logs.resolve("cluster" + number + "-n" + i + ".log"), Integer.parseInt(config.get("client-port"))));
        }
        LocalCluster cluster = new LocalCluster(nodes, dataRoot);
        nodes.forEach(NodeProcess::start);
        nodes.forEach(node -> node.awaitReady(NodeProcess.READY_TIMEOUT));
        cluster.awaitMembersUp();
        return cluster;
    }

    /**
     * Waits until every running node sees every running node up ({@code members_up} in
     * {@code INFO chorus}). A node counts a peer down until it has heard from it, so right after
     * READY a write at ALL may still answer UNAVAILABLE.
     */
    void awaitMembersUp() {
        long running = nodes.stream().filter(NodeProcess::isAlive).count();
        for (NodeProcess node : nodes) {
            if (!node.isAlive()) {
                continue;
            }
            Eventually.within(MEMBERS_UP_TIMEOUT, Duration.ofMillis(100),
                    node.id() + " reports members_up:" + running + " in INFO chorus", () -> {
                        try (Resp resp = Resp.connect(node.respPort())) {
                            Object info = resp.call("INFO", "chorus");
                            if (!String.valueOf(info).lines().anyMatch(line -> line.equals("members_up:" + running))) {
                                throw new AssertionError("INFO chorus says: " + info);
                            }
                            return info;
                        }
                    });
        }
    }

    /** Node {@code i}, counted from 1. */
    NodeProcess node(int i) {
        return nodes.get(i - 1);
    }

    int size() {
        return nodes.size();
    }

    /** The RESP port of node {@code i} (on 127.0.0.1). */
    int respPort(int i) {
        return node(i).respPort();
    }

    /**
     * Starts node {@code i} again (after kill9 or stop) on the same configuration and data; waits for
     * READY and until the running nodes see each other up.
     */
    void restart(int i) {
        NodeProcess node = node(i);
        if (node.isAlive()) {
            node.stop();
        }
        node.start();
        node.awaitReady(NodeProcess.READY_TIMEOUT);
        awaitMembersUp();
    }

    /** Kills every node still running and deletes the data. */
    void stop() {
        for (NodeProcess node : nodes) {
            if (node.isAlive()) {
                node.kill9();
            }
        }
        Spawn.deleteTree(dataRoot);
    }

    @Override
    public void close() {
        stop();
    }

    private static String yaml(Map<String, String> config, List<String> members) {
        StringBuilder yaml = new StringBuilder("# Written by chorus.it.LocalCluster\n");
        config.forEach((name, value) -> yaml.append(name).append(": ").append(value).append('\n'));
        yaml.append("members:\n");
        members.forEach(member -> yaml.append("  - ").append(member).append('\n'));
        return yaml.toString();
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The simple name of the {@code *IT} class that called us, to name log files after. */
    static String callingTestClass() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(name -> name.endsWith("IT"))
                .findFirst()
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .orElse("it"));
    }
}
