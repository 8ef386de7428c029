package chorus.server.cli;

import chorus.server.config.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The layout of a local cluster: node i (from 1) has RESP on 127.0.0.1:basePort+i-1 and internode
 * on 127.0.0.i:basePort+100+i-1 (D9: each node its own loopback address, so a test can cut one
 * link with iptables), its data in {@code dataDir/n<i>} and its settings in {@code dataDir/n<i>.yaml}.
 * The same arguments always give the same layout, so a rerun restarts the same cluster. Every node
 * gets the same {@code sync-mode}.
 */
record LocalPlan(int nodes, int basePort, Path dataDir, int replicationFactor, SyncMode syncMode) {
    record LocalNode(String id, String clientHost, int clientPort, String listenHost, int internodePort, Path dataDir,
                     Path configFile) {
        String clientAddress() {
            return clientHost + ":" + clientPort;
        }

        String internodeAddress() {
            return listenHost + ":" + internodePort;
        }
    }

    List<LocalNode> members() {
        List<LocalNode> members = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            String id = "n" + i;
            members.add(new LocalNode(id, "127.0.0.1", basePort + i - 1, "127.0.0." + i, basePort + 100 + i - 1,
                    dataDir.resolve(id), dataDir.resolve(id + ".yaml")));
        }
        return members;
    }

    /** Writes every node's configuration file (again, on a rerun: same content). */
    void writeConfigs() throws IOException {
        Files.createDirectories(dataDir);
        List<LocalNode> members = members();
        for (LocalNode node : members) {
            Files.writeString(node.configFile(), yaml(node, members));
        }
    }

    private String yaml(LocalNode node, List<LocalNode> members) {
        StringBuilder out = new StringBuilder()
                .append("# Written by 'chorus local'; rewritten on every run. Settings: docs/configuration.md\n")
                .append("node-id: ").append(node.id()).append('\n')
                .append("listen-host: ").append(node.listenHost()).append('\n')
                .append("internode-port: ").append(node.internodePort()).append('\n')
                .append("client-host: ").append(node.clientHost()).append('\n')
                .append("client-port: ").append(node.clientPort()).append('\n')
                .append("data-dir: ").append(node.dataDir().toAbsolutePath()).append('\n')
                .append("replication-factor: ").append(replicationFactor).append('\n')
                .append("sync-mode: ").append(syncMode.name().toLowerCase(Locale.ROOT)).append('\n')
                .append("members:\n");
        for (LocalNode member : members) {
            out.append("  - ").append(member.id()).append('=').append(member.internodeAddress()).append('/')
                    .append(member.clientAddress()).append("/rack1\n");
        }
        return out.toString();
    }
}
