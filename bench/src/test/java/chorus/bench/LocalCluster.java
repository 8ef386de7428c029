package chorus.bench;

import chorus.server.cli.RespClient;
import chorus.server.config.ChorusConfig;
import chorus.server.config.ConfigLoader;
import chorus.server.node.ChorusNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Real Chorus nodes in this JVM on 127.0.0.1 (RocksDB, Netty, fsync), for the bench to load. */
final class LocalCluster implements AutoCloseable {
    private static final long READY_NANOS_MAX = 60_000_000_000L;

    private final List<ChorusNode> nodes = new ArrayList<>();

    private LocalCluster() {
    }

    /** Starts {@code count} nodes with replication factor {@code count}; returns once each sees every peer up. */
    static LocalCluster start(int count, Path dataDir) {
        LocalCluster cluster = new LocalCluster();
        try {
            for (ChorusConfig config : configs(count, dataDir)) {
                cluster.nodes.add(ChorusNode.start(config));
            }
            cluster.awaitAllUp();
            return cluster;
        } catch (RuntimeException | Error e) {
            try {
                cluster.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);  // keep the cause of the failed start in front
            }
            throw e;
        }
    }

    /** The nodes' RESP endpoints as {@code --hosts} takes them. */
    String hosts() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.clientAddress().getPort())
                .collect(Collectors.joining(","));
    }

    RespClient client(int index) throws IOException {
        return RespClient.connect("127.0.0.1", nodes.get(index).clientAddress().getPort(), 10_000);
    }

    @Override
    public void close() {
        nodes.forEach(ChorusNode::close);
    }

    private static List<ChorusConfig> configs(int count, Path dataDir) {
        List<int[]> ports = new ArrayList<>();
        List<String> members = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int[] pair = {freePort(), freePort()};
            ports.add(pair);
            members.add("n" + i + "=127.0.0.1:" + pair[1] + "/127.0.0.1:" + pair[0]);
        }
        List<ChorusConfig> configs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("node-id", "n" + i);
            values.put("client-port", ports.get(i - 1)[0]);
            values.put("internode-port", ports.get(i - 1)[1]);
            values.put("data-dir", dataDir.resolve("n" + i).toString());
            values.put("members", String.join(",", members));
            values.put("replication-factor", Integer.toString(count));
            values.put("heartbeat-interval", "100ms");
            values.put("failure-timeout", "1s");
            configs.add(ConfigLoader.build(values));
        }
        return configs;
    }

    private void awaitAllUp() {
        long deadline = System.nanoTime() + READY_NANOS_MAX;
        for (int i = 0; i < nodes.size(); i++) {
            try (RespClient client = client(i)) {
                while (!allUp(client)) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("n" + (i + 1) + " never saw every member up");
                    }
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean allUp(RespClient client) throws IOException {
        for (Object row : (List<?>) client.call("CHORUS", "STATUS")) {
            List<?> fields = (List<?>) row;
            if (!"up".equals(fields.get(fields.indexOf("state") + 1))) {
                return false;
            }
        }
        return true;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
