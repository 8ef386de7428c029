package chorus.server.commands;

import static chorus.server.commands.CommandContext.done;

import chorus.api.Bytes;
import chorus.core.node.Keyspace;
import chorus.core.node.Node;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import chorus.core.topology.SlotTable;
import chorus.core.topology.Slots;
import chorus.resp.Command;
import chorus.resp.Connection;
import chorus.resp.Reply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * CLUSTER INFO, MYID, NODES, SLOTS, SHARDS, KEYSLOT, COUNTKEYSINSLOT and GETKEYSINSLOT, so that
 * cluster-aware clients (JedisCluster, Lettuce's RedisClusterClient, redis-cli -c,
 * redis-benchmark --cluster) route each key straight to one of its replicas.
 *
 * <p>Every member is reported as a master. A slot's master is its preferred (first) replica in
 * the core's slot table, or, while this node believes that replica down, the first replica it
 * believes up, so clients move to a live node without a MOVED; CLUSTER SLOTS also lists the slot's
 * other replicas after it (live ones first). The replies
 * are computed from the topology at each call, so they change when it changes. Any node still
 * answers any key: Chorus never sends MOVED or ASK, and the routing only saves a hop.
 */
final class ClusterCommands {
    private final CommandContext context;
    private final ScanCommands scans;

    ClusterCommands(CommandContext context, ScanCommands scans) {
        this.context = context;
        this.scans = scans;
    }

    /** The 40-hex-digit id clients see for a node: SHA-1 of its Chorus id, stable for its life. */
    static String clusterId(NodeId id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(("chorus-" + id).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** A consistent snapshot of what the replies need, taken on the node thread. */
    private record Snapshot(NodeId self, List<Member> members, SlotTable slots, Map<NodeId, Boolean> up) {
        static Snapshot of(Node node) {
            Keyspace keyspace = node.topology().keyspace(Keyspace.DEFAULT_NAME).orElseThrow();
            Map<NodeId, Boolean> up = new LinkedHashMap<>();
            for (Member member : node.topology().members()) {
                up.put(member.id(), node.liveness().isAlive(member.id()));
            }
            return new Snapshot(node.self(), node.topology().members(), node.topology().slotTable(keyspace), up);
        }
    }

    /** A run of consecutive slots with the same replicas (or the same preferred replica). */
    private record Range(int first, int last, List<NodeId> replicas) {
    }

    CompletionStage<Reply> handle(Connection connection, Command command) {
        String sub = command.keyword(0);
        return switch (sub) {
            case "KEYSLOT" -> done(Reply.integer(Slots.slotOf(command.arg(1))));
            case "COUNTKEYSINSLOT", "GETKEYSINSLOT" -> keysInSlot(connection, command, sub.equals("COUNTKEYSINSLOT"));
            default -> context.node().inspect(Snapshot::of).thenApply(snapshot -> switch (sub) {
                case "INFO" -> info(snapshot);
                case "MYID" -> Reply.bulk(clusterId(snapshot.self()));
                case "NODES" -> Reply.verbatim(nodes(snapshot));
                case "SLOTS" -> slots(snapshot);
                case "SHARDS" -> shards(snapshot);
                default -> Reply.err("unknown subcommand '" + command.argText(0) + "'. Try CLUSTER HELP.");
            });
        };
    }

    private CompletionStage<Reply> keysInSlot(Connection connection, Command command, boolean count) {
        long slot;
        long limit = Long.MAX_VALUE;
        try {
            slot = Long.parseLong(command.argText(1));
            if (!count) {
                limit = Long.parseLong(command.argText(2));
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return done(Reply.err("Invalid slot or number of keys"));
        }
        if (slot < 0 || slot >= Slots.COUNT || limit < 0 || (count && command.args().size() != 2)) {
            return done(Reply.err("Invalid slot or number of keys"));
        }
        long max = limit;
        return scans.keysInSlot(connection, (int) slot).thenApply(result -> {
            if (result instanceof Reply.Error error) {
                return error;
            }
            @SuppressWarnings("unchecked")
            List<Bytes> keys = (List<Bytes>) result;
            return count ? Reply.integer(keys.size()) : Reply.bulkArray(keys.subList(0, (int) Math.min(max, keys.size())));
        });
    }

    private static Reply info(Snapshot snapshot) {
        long masters = snapshot.members().stream().filter(member -> !preferredRanges(snapshot, member.id()).isEmpty())
                .count();
        boolean allUp = !snapshot.up().containsValue(false);
        String text = "cluster_enabled:1\r\n"
                + "cluster_state:ok\r\n"
                + "cluster_slots_assigned:" + Slots.COUNT + "\r\n"
                + "cluster_slots_ok:" + Slots.COUNT + "\r\n"
                + "cluster_slots_pfail:0\r\n"
                + "cluster_slots_fail:0\r\n"
                + "cluster_known_nodes:" + snapshot.members().size() + "\r\n"
                + "cluster_size:" + masters + "\r\n"
                + "cluster_current_epoch:1\r\n"
                + "cluster_my_epoch:1\r\n"
                + "cluster_stats_messages_sent:0\r\n"
                + "cluster_stats_messages_received:0\r\n"
                + "total_cluster_links_buffer_limit_exceeded:0\r\n"
                + "chorus_all_members_up:" + (allUp ? 1 : 0) + "\r\n";
        return Reply.verbatim(text);
    }

    /**
     * CLUSTER NODES text: every member a master, owning the slots it is the preferred replica of.
     * The epoch is 1 for everyone: Chorus has no failover, so there is no epoch to order.
     */
    static String nodes(Snapshot snapshot) {
        StringBuilder out = new StringBuilder();
        for (Member member : snapshot.members()) {
            boolean up = snapshot.up().getOrDefault(member.id(), true);
            String flags = (member.id().equals(snapshot.self()) ? "myself," : "") + "master" + (up ? "" : ",fail");
            out.append(clusterId(member.id())).append(' ').append(member.clientAddress()).append('@')
                    .append(port(member.internodeAddress())).append(' ').append(flags).append(" - 0 0 1 ")
                    .append(up ? "connected" : "disconnected");
            for (Range range : preferredRanges(snapshot, member.id())) {
                out.append(' ').append(range.first());
                if (range.last() != range.first()) {
                    out.append('-').append(range.last());
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** CLUSTER SLOTS: each run of slots with the same replicas, preferred first. */
    private static Reply slots(Snapshot snapshot) {
        List<Reply> ranges = new ArrayList<>();
        for (Range range : ranges(snapshot, true)) {
            List<Reply> entry = new ArrayList<>();
            entry.add(Reply.integer(range.first()));
            entry.add(Reply.integer(range.last()));
            for (NodeId replica : range.replicas()) {
                Member member = member(snapshot, replica);
                entry.add(Reply.array(Reply.bulk(host(member.clientAddress())), Reply.integer(port(member.clientAddress())),
                        Reply.bulk(clusterId(replica)), Reply.map(List.of())));
            }
            ranges.add(Reply.array(entry));
        }
        return Reply.array(ranges);
    }

    /** CLUSTER SHARDS: one shard per member that is a preferred replica, holding those slots. */
    private static Reply shards(Snapshot snapshot) {
        List<Reply> shards = new ArrayList<>();
        for (Member member : snapshot.members()) {
            List<Range> owned = preferredRanges(snapshot, member.id());
            if (owned.isEmpty()) {
                continue;
            }
            List<Reply> slots = new ArrayList<>();
            for (Range range : owned) {
                slots.add(Reply.integer(range.first()));
                slots.add(Reply.integer(range.last()));
            }
            boolean up = snapshot.up().getOrDefault(member.id(), true);
            Reply node = Reply.map(List.of(
                    Reply.pair("id", Reply.bulk(clusterId(member.id()))),
                    Reply.pair("port", Reply.integer(port(member.clientAddress()))),
                    Reply.pair("ip", Reply.bulk(host(member.clientAddress()))),
                    Reply.pair("endpoint", Reply.bulk(host(member.clientAddress()))),
                    Reply.pair("role", Reply.bulk("master")),
                    Reply.pair("replication-offset", Reply.integer(0)),
                    Reply.pair("health", Reply.bulk(up ? "online" : "failed"))));
            shards.add(Reply.map(List.of(Reply.pair("slots", Reply.array(slots)),
                    Reply.pair("nodes", Reply.array(node)))));
        }
        return Reply.array(shards);
    }

    private static List<Range> preferredRanges(Snapshot snapshot, NodeId node) {
        List<Range> owned = new ArrayList<>();
        for (Range range : ranges(snapshot, false)) {
            if (range.replicas().get(0).equals(node)) {
                owned.add(range);
            }
        }
        return owned;
    }

    /**
     * Runs of consecutive slots with the same replica list (or, if not {@code all}, the same first
     * replica), each list with the replicas this node believes up first, in slot-table order.
     */
    private static List<Range> ranges(Snapshot snapshot, boolean all) {
        List<Range> ranges = new ArrayList<>();
        int first = 0;
        List<NodeId> firstReplicas = liveFirst(snapshot, 0);
        for (int slot = 1; slot <= Slots.COUNT; slot++) {
            List<NodeId> replicas = slot < Slots.COUNT ? liveFirst(snapshot, slot) : null;
            boolean same = replicas != null && (all ? replicas.equals(firstReplicas)
                    : replicas.get(0).equals(firstReplicas.get(0)));
            if (!same) {
                ranges.add(new Range(first, slot - 1, firstReplicas));
                first = slot;
                firstReplicas = replicas;
            }
        }
        return ranges;
    }

    private static List<NodeId> liveFirst(Snapshot snapshot, int slot) {
        List<NodeId> replicas = snapshot.slots().replicas(slot);
        List<NodeId> ordered = new ArrayList<>(replicas.size());
        for (NodeId replica : replicas) {
            if (snapshot.up().getOrDefault(replica, true)) {
                ordered.add(replica);
            }
        }
        for (NodeId replica : replicas) {
            if (!snapshot.up().getOrDefault(replica, true)) {
                ordered.add(replica);
            }
        }
        return ordered;
    }

    private static Member member(Snapshot snapshot, NodeId id) {
        return snapshot.members().stream().filter(member -> member.id().equals(id)).findFirst().orElseThrow();
    }

    static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    static int port(String address) {
        int colon = address.lastIndexOf(':');
        try {
            return Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
