package chorus.server.node;

import chorus.server.config.ChorusConfig;
import chorus.server.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
