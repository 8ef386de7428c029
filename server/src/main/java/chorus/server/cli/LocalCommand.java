package chorus.server.cli;

import chorus.server.config.ConfigException;
import chorus.server.config.SyncMode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chorus local}: a whole cluster on this machine, one child JVM per node (see
 * {@link LocalPlan} for addresses and files). Streams every node's output with a prefix, waits
 * until every node answers PING, and stops every node it started on Ctrl-C or SIGTERM (SIGTERM
 * first, SIGKILL after a grace period). Running it again on the same data directory restarts the
 * same cluster with its data.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Runs a cluster of N node processes on this machine (127.0.0.1), until Ctrl-C.")
public final class LocalCommand implements Callable<Integer> {
    private static final long READY_TIMEOUT_MILLIS = 90_000;
    private static final long STOP_GRACE_SECONDS = 10;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Nodes to run, 1..20. Default: 3.")
    private int nodes;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "7001",
            description = "RESP port of n1; node i uses base-port+i-1, and internode port base-port+100+i-1."
                    + " Default: 7001.")
    private int basePort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/local",
            description = "Where the nodes' configuration files and data live. Default: data/local.")
    private Path dataDir;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "3",
            description = "Replicas of each key, 1..9 (capped at --nodes). Default: 3.")
    private int replicationFactor;

    @Option(names = "--sync-mode", paramLabel = "MODE", defaultValue = "fsync",
            description = "fsync (every acknowledged write is fsynced first) or periodic (acknowledged before its"
                    + " fsync, which runs every 100 ms; a power loss can lose the last 100 ms). Default: fsync.")
    private String syncMode;

    private final PrintStream out = System.out;
    /** Set by the shutdown hook, so that nodes it stops are not reported as having died. */
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        validate();
        LocalPlan plan = new LocalPlan(nodes, basePort, dataDir, replicationFactor, parsedSyncMode());
        checkAddresses(plan);
        plan.writeConfigs();
        List<ChildNode> children = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(children), "chorus-local-shutdown"));
        for (LocalPlan.LocalNode node : plan.members()) {
            synchronized (children) {
                children.add(ChildNode.start(node.id(), node.configFile(), out));
            }
        }
        printEndpoints(plan, children);
        if (!awaitReady(plan, children)) {
            for (ChildNode child : children) {
                if (!child.process().isAlive()) {
                    out.println("local: " + child.id() + " failed to start (exit code " + child.process().exitValue()
                            + "); see its output above. Stopping the others.");
                    return 1;
                }
            }
            out.println("local: not every node was serving and seeing its peers within " + READY_TIMEOUT_MILLIS / 1000
                    + " s; see the output above. Still running; Ctrl-C stops every node.");
        } else {
            out.println("local: cluster of " + nodes + " nodes is up. Ctrl-C stops every node.");
            out.println("try: redis-cli -p " + basePort + " set hello world; redis-cli -p "
                    + (basePort + Math.min(2, nodes - 1)) + " get hello");
        }
        return watch(plan, children);
    }

    private void validate() {
        if (nodes < 1 || nodes > 20) {
            throw ConfigException.invalid("--nodes", nodes, "1..20");
        }
        if (basePort < 1 || basePort + 100 + nodes - 1 > 65535) {
            throw ConfigException.invalid("--base-port", basePort, "1.." + (65535 - 100 - nodes + 1));
        }
        if (replicationFactor < 1 || replicationFactor > 9) {
            throw ConfigException.invalid("--replication-factor", replicationFactor, "1..9");
        }
    }

    private SyncMode parsedSyncMode() {
        return SyncMode.named(syncMode).orElseThrow(() -> ConfigException.invalid("--sync-mode", syncMode, "fsync or periodic"));
    }

    /** Every node needs its own loopback address; Linux routes all of 127/8, macOS needs aliases. */
    private static void checkAddresses(LocalPlan plan) {
        for (LocalPlan.LocalNode node : plan.members()) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName(node.listenHost()), 0));
            } catch (IOException e) {
                throw new ConfigException(node.listenHost() + " is not usable as " + node.id()
                        + "'s internode address (" + e.getMessage() + "); on macOS run: sudo ifconfig lo0 alias "
                        + node.listenHost());
            }
        }
    }

    private void printEndpoints(LocalPlan plan, List<ChildNode> children) {
        out.println("local: starting " + nodes + " nodes, data in " + plan.dataDir().toAbsolutePath());
        for (int i = 0; i < children.size(); i++) {
            LocalPlan.LocalNode node = plan.members().get(i);
            out.println("local: " + node.id() + " pid " + children.get(i).pid() + "  redis " + node.clientAddress()
                    + "  internode " + node.internodeAddress() + "  config " + node.configFile());
        }
    }

    private boolean awaitReady(LocalPlan plan, List<ChildNode> children) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        for (LocalPlan.LocalNode node : plan.members()) {
            while (!isReady(node)) {
                if (System.nanoTime() > deadline || children.stream().anyMatch(child -> !child.process().isAlive())) {
                    return false;
                }
                Thread.sleep(200);
            }
        }
        return true;
    }

    /** Ready means serving clients and seeing every member up, so the first request can reach a quorum. */
    private static boolean isReady(LocalPlan.LocalNode node) {
        try (RespClient client = RespClient.connect(node.clientHost(), node.clientPort(), 1000)) {
            if (!"PONG".equals(client.call("PING"))) {
                return false;
            }
            return client.call("CHORUS", "STATUS") instanceof List<?> rows
                    && rows.stream().allMatch(row -> row instanceof List<?> fields
                            && "up".equals(fields.get(fields.indexOf("state") + 1)));
        } catch (IOException e) {
            return false;
        }
    }

    /** Reports each node that exits; returns once none is left (the shutdown hook stops them on a signal). */
    private int watch(LocalPlan plan, List<ChildNode> children) throws InterruptedException {
        List<ChildNode> running = new ArrayList<>(children);
        while (!running.isEmpty()) {
            for (ChildNode child : List.copyOf(running)) {
                if (child.process().waitFor(100, TimeUnit.MILLISECONDS)) {
                    running.remove(child);
                    if (stopping) {
                        continue;
                    }
                    LocalPlan.LocalNode node = plan.members().get(children.indexOf(child));
                    out.println("local: " + child.id() + " exited with code " + child.process().exitValue()
                            + "; restart it with: ./chorus node --config " + node.configFile());
                }
            }
        }
        if (!stopping) {
            out.println("local: every node has exited");
        }
        return 1;
    }

    /** SIGTERM to every child at once, then SIGKILL to those still running after the grace period. */
    private void stopAll(List<ChildNode> children) {
        stopping = true;
        List<ChildNode> snapshot;
        synchronized (children) {
            snapshot = List.copyOf(children);
        }
        for (ChildNode child : snapshot) {
            child.terminate();
        }
        for (ChildNode child : snapshot) {
            child.stop(STOP_GRACE_SECONDS);
            out.println("local: " + child.id() + " exited with code " + child.process().exitValue());
        }
        out.println("local: stopped " + snapshot.size() + " nodes");
    }
}
