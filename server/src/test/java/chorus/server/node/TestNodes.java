package chorus.server.node;

import chorus.server.config.ChorusConfig;
import chorus.server.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configurations for in-process nodes on 127.0.0.1, on ports free at the time of the call. */
public final class TestNodes {
    private TestNodes() {
    }

    /**
     * Configurations for a cluster of {@code count} nodes, each with its data under {@code root};
     * {@code extra} settings apply to every node.
     */
    public static List<ChorusConfig> cluster(int count, Path root, Map<String, String> extra) {
        List<int[]> ports = new ArrayList<>();
        StringBuilder members = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            int[] pair = {freePort(), freePort()};
            ports.add(pair);
            members.append(i > 1 ? "," : "").append("n").append(i).append("=127.0.0.1:").append(pair[1])
                    .append("/127.0.0.1:").append(pair[0]);
        }
        List<ChorusConfig> configs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("node-id", "n" + i);
            values.put("client-port", ports.get(i - 1)[0]);
            values.put("internode-port", ports.get(i - 1)[1]);
            values.put("data-dir", root.resolve("n" + i).toString());
            values.put("members", members.toString());
            values.putAll(extra);
            configs.add(ConfigLoader.build(values));
        }
        return configs;
    }

    /**
     * A port nobody listens on now, chosen below Linux's ephemeral range (32768 and up) rather than by
     * binding port 0: an ephemeral port can be taken, before the node binds it, as the source port of
     * an outgoing connection (nodes dialling their peers make many), and the node then cannot start.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            synchronized (HANDED_OUT) {
                if (!HANDED_OUT.contains(port) && isFree(port)) {
                    HANDED_OUT.add(port);
                    return port;
                }
            }
        }
        throw new IllegalStateException("no free port in 20000..32000");
    }

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
