package chorus.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chorus digest}: asks every node for its own Merkle root of each slot it replicates
 * ({@code CHORUS DIGEST}) and reports the slots whose replicas disagree. A node reports only the
 * slots its slot table makes it a replica of, so each slot is compared between exactly its replicas.
 * Exit code 0 only when every node answered and all replicas of every slot agree; 1 otherwise.
 */
@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Compares the replicas of each slot by Merkle root; exit code 0 only if all agree.")
public final class DigestCommand implements Callable<Integer> {
    private static final int CHUNK = 1024;
    private static final int LISTED_MAX = 20;

    @Option(names = "--host", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7001",
            description = "A node that lists the cluster's members (CHORUS STATUS); every member is asked. Default:"
                    + " 127.0.0.1:7001.")
    private String host;

    @Option(names = "--hosts", paramLabel = "HOST:PORT,...",
            description = "The nodes to ask, instead of every member --host lists.")
    private String hosts;

    @Mixin
    private SlotOptions target;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SlotSelection selection;
        List<HostList.Address> nodes;
        try {
            selection = SlotSelection.parse(target.slots);
            nodes = hosts != null ? HostList.parse(hosts) : HostList.members(HostList.Address.parse(host));
        } catch (IllegalArgumentException e) {
            err.println("digest: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("digest: cannot list the members through " + host + " (" + e.getMessage() + ")");
            err.flush();
            return 1;
        }
        SlotRoots roots = new SlotRoots();
        List<String> unreachable = new ArrayList<>();
        for (HostList.Address node : nodes) {
            String refused = collect(node, selection, roots, unreachable);
            if (refused != null) {
                err.println("digest: " + node + " refused: " + refused);
                err.flush();
                return refused.contains("unknown keyspace") ? 2 : 1;
            }
        }
        return report(out, err, selection, roots, unreachable);
    }

    /** Adds {@code node}'s digests of the selected slots to {@code roots}; answers an error reply's text, else null. */
    private String collect(HostList.Address node, SlotSelection selection, SlotRoots roots, List<String> unreachable) {
        try (RespClient client = node.connect(5000)) {
            client.setReplyTimeout(10 * 60 * 1000);
            for (SlotSelection.Range range : selection.ranges(CHUNK)) {
                Object reply = client.call("CHORUS", "DIGEST", target.keyspace, Integer.toString(range.from()),
                        Integer.toString(range.to()));
                if (reply instanceof RespClient.ErrorReply error) {
                    return error.line();
                }
                roots.add(String.valueOf(Replies.field(reply, "node")), Replies.field(reply, "slots"));
            }
        } catch (IOException e) {
            unreachable.add(node + " (" + e.getMessage() + ")");
        }
        return null;
    }

    private int report(PrintWriter out, PrintWriter err, SlotSelection selection, SlotRoots roots,
                       List<String> unreachable) {
        out.println("digest: keyspace " + target.keyspace + ", " + selection.count() + " slots, nodes " + roots.nodes());
        for (Map.Entry<String, long[]> node : roots.perNode().entrySet()) {
            out.printf("  %-6s %6d slots %12d rows %12d bytes (%s)%n", node.getKey(), node.getValue()[0],
                    node.getValue()[1], node.getValue()[2], RepairProgressView.bytes(node.getValue()[2]));
        }
        List<Integer> differing = roots.disagreeing();
        for (int slot : differing.subList(0, Math.min(LISTED_MAX, differing.size()))) {
            out.println("  slot " + slot + ": " + roots.describe(slot));
        }
        if (differing.size() > LISTED_MAX) {
            out.println("  ... and " + (differing.size() - LISTED_MAX) + " more");
        }
        out.flush();
        if (!unreachable.isEmpty()) {
            err.println("digest: cannot reach " + String.join(", ", unreachable) + "; its slots were not compared");
            err.flush();
            return 1;
        }
        if (!differing.isEmpty()) {
            err.println("digest: " + differing.size() + " of " + roots.compared() + " compared slots disagree between"
                    + " their replicas; run chorus repair");
            err.flush();
            return 1;
        }
        out.println("digest: all replicas agree on all " + roots.compared() + " compared slots");
        out.flush();
        return 0;
    }
}
