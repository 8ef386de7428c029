package chorus.server.commands;

import static chorus.server.commands.CommandContext.done;

import chorus.core.antientropy.RepairProgress;
import chorus.core.antientropy.SlotDigest;
import chorus.core.membership.PeerStatus;
import chorus.core.node.Keyspace;
import chorus.core.node.Node;
import chorus.core.topology.Slots;
import chorus.resp.Command;
import chorus.resp.Reply;
import chorus.server.node.NodeAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * The CHORUS administration commands: STATUS (members as this node sees them), GOSSIP (what this
 * node's failure detector believes about each peer), REPAIR keyspace from to (anti-entropy repair of
 * a slot range, this node coordinating; answers when done) and DIGEST keyspace from to (this node's
 * own Merkle root, row count and row bytes per slot it replicates, for comparing replicas). Replies are maps
 * (flat name/value arrays for RESP2 clients) so tools read fields by name.
 */
final class ChorusCommands {
    private final NodeAccess node;
    private final NodeFacts facts;

    ChorusCommands(NodeAccess node, NodeFacts facts) {
        this.node = node;
        this.facts = facts;
    }

    CompletionStage<Reply> handle(Command command) {
        return switch (command.keyword(0)) {
            case "STATUS" -> node.inspect(ClusterView::of)
                    .thenApply(cluster -> StatusReport.render(cluster, facts.keysEstimate().getAsLong()));
            case "GOSSIP" -> node.inspect(ChorusCommands::gossip);
            case "REPAIR" -> withSlotRange(command, this::repair);
            case "DIGEST" -> withSlotRange(command, this::digest);
            default -> done(Reply.err("unknown subcommand '" + command.argText(0)
                    + "'. Try CHORUS STATUS, GOSSIP, REPAIR keyspace from to, or DIGEST keyspace from to."));
        };
    }

    /** Checks {@code keyspace from to}, then runs {@code then} on the keyspace and the slots. */
    private CompletionStage<Reply> withSlotRange(Command command, BiFunction<String, List<Integer>, CompletionStage<Reply>> then) {
        String usage = "CHORUS " + command.keyword(0) + " keyspace from to";
        if (command.args().size() != 4) {
            return done(Reply.err("wrong number of arguments (expected: " + usage + ")"));
        }
        String keyspace = command.argText(1);
        int from;
        int to;
        try {
            from = Integer.parseInt(command.argText(2));
            to = Integer.parseInt(command.argText(3));
        } catch (NumberFormatException e) {
            from = -1;
            to = -1;
        }
        if (from < 0 || to < from || to >= Slots.COUNT) {
            return done(Reply.err("slot range " + command.argText(2) + " " + command.argText(3)
                    + " is invalid (expected: from and to with 0 <= from <= to <= " + (Slots.COUNT - 1) + ")"));
        }
        List<Integer> slots = IntStream.rangeClosed(from, to).boxed().toList();
        return node.inspect(n -> n.topology().keyspaces().stream().map(Keyspace::name).toList()).thenCompose(names -> {
            if (!names.contains(keyspace)) {
                return done(Reply.err("unknown keyspace '" + keyspace + "' (known: " + String.join(", ", names) + ")"));
            }
            return then.apply(keyspace, slots);
        });
    }

    private CompletionStage<Reply> repair(String keyspace, List<Integer> slots) {
        long started = System.nanoTime();
        return node.repair(keyspace, slots).thenApply(progress -> repairReply(progress,
                (System.nanoTime() - started) / 1_000_000));
    }

    static Reply repairReply(RepairProgress progress, long millis) {
        return Reply.map(List.of(
                Reply.pair("keyspace", Reply.bulk(progress.keyspace())),
                Reply.pair("slots", Reply.integer(progress.slotsTotal())),
                Reply.pair("slots_done", Reply.integer(progress.slotsDone())),
                Reply.pair("slots_in_sync", Reply.integer(progress.slotsInSync())),
                Reply.pair("slots_failed", Reply.integer(progress.slotsFailed())),
                Reply.pair("rows_streamed", Reply.integer(progress.rowsStreamed())),
                Reply.pair("bytes_streamed", Reply.integer(progress.bytesStreamed())),
                Reply.pair("millis", Reply.integer(millis)),
                Reply.pair("first_failure", Reply.bulk(progress.firstFailure()))));
    }

    private CompletionStage<Reply> digest(String keyspace, List<Integer> slots) {
        return node.digest(keyspace, slots).thenCombine(node.inspect(Node::self), (digests, self) -> {
            List<Reply> rows = new ArrayList<>(digests.size());
            for (SlotDigest digest : digests) {
                rows.add(Reply.array(Reply.integer(digest.slot()),
                        Reply.bulk(digest.ok() ? String.format(Locale.ROOT, "%016x", digest.root()) : "error"),
                        Reply.integer(digest.rows()), Reply.integer(digest.bytes())));
            }
            return Reply.map(List.of(
                    Reply.pair("node", Reply.bulk(self.toString())),
                    Reply.pair("keyspace", Reply.bulk(keyspace)),
                    Reply.pair("slots", Reply.array(rows))));
        });
    }

    /** Call on the node thread: this node first (state {@code self}), then each peer as its detector sees it. */
    private static Reply gossip(Node node) {
        List<Reply> rows = new ArrayList<>();
        rows.add(Reply.map(List.of(Reply.pair("id", Reply.bulk(node.self().toString())),
                Reply.pair("state", Reply.bulk("self")))));
        for (PeerStatus peer : node.membership()) {
            rows.add(Reply.map(List.of(
                    Reply.pair("id", Reply.bulk(peer.peer().toString())),
                    Reply.pair("state", Reply.bulk(peer.up() ? "up" : "down")),
                    Reply.pair("phi", Reply.bulk(String.format(Locale.ROOT, "%.1f", peer.phi()))),
                    Reply.pair("generation", Reply.integer(peer.generation())),
                    Reply.pair("heartbeat", Reply.integer(peer.heartbeatVersion())),
                    Reply.pair("last_heard_ms", Reply.integer(peer.lastHeardMillis())))));
        }
        return Reply.array(rows);
    }
}
