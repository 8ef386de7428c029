package chorus.server.commands;

import chorus.api.ConsistencyLevel;
import chorus.server.config.ChorusConfig;
import chorus.server.config.SyncMode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The text of INFO: Redis's {@code # Section} and {@code field:value} lines, with the sections
 * clients look for (server, clients, persistence, replication, keyspace) and a {@code chorus}
 * section with the cluster as this node sees it.
 */
final class InfoReport {
    static final List<String> SECTIONS = List.of("server", "clients", "memory", "persistence", "stats", "replication", "cluster", "keyspace", "chorus");

    private final NodeFacts facts;
    private final ClusterView cluster;
    private final ConsistencyLevel connectionRead;
    private final ConsistencyLevel connectionWrite;
    private final long commandsProcessed;

    /** @param commandsProcessed data commands this node has answered (connection commands such as PING are not counted) */
    InfoReport(NodeFacts facts, ClusterView cluster, ConsistencyLevel connectionRead, ConsistencyLevel connectionWrite,
               long commandsProcessed) {
        this.commandsProcessed = commandsProcessed;
        this.facts = facts;
        this.cluster = cluster;
        this.connectionRead = connectionRead;
        this.connectionWrite = connectionWrite;
    }

    /** The sections asked for: none, {@code default}, {@code all} or {@code everything} mean all. */
    static Set<String> selected(List<String> arguments) {
        Set<String> selected = new TreeSet<>();
        for (String argument : arguments) {
            String name = argument.toLowerCase(Locale.ROOT);
            if (name.equals("all") || name.equals("default") || name.equals("everything")) {
                selected.addAll(SECTIONS);
            } else {
                selected.add(name);
            }
        }
        if (arguments.isEmpty()) {
            selected.addAll(SECTIONS);
        }
        return selected;
    }

    String render(Set<String> sections) {
        StringBuilder out = new StringBuilder();
        for (String section : SECTIONS) {
            if (sections.contains(section)) {
                if (!out.isEmpty()) {
                    out.append("\r\n");
                }
                appendSection(out, section);
            }
        }
        return out.toString();
    }

    private void appendSection(StringBuilder out, String section) {
        out.append("# ").append(Character.toUpperCase(section.charAt(0))).append(section.substring(1)).append("\r\n");
        switch (section) {
            case "server" -> server(out);
            case "clients" -> line(out, "connected_clients", facts.connectedClients().getAsInt());
            case "memory" -> memory(out);
            case "persistence" -> persistence(out);
            case "stats" -> line(out, "total_commands_processed", commandsProcessed);
            case "replication" -> {
                line(out, "role", "master");
                line(out, "connected_slaves", 0);
                line(out, "master_repl_offset", 0);
            }
            case "keyspace" -> keyspace(out);
            case "cluster" -> line(out, "cluster_enabled", 1);
            default -> chorus(out);
        }
    }

    private void server(StringBuilder out) {
        ChorusConfig config = facts.config();
        long uptimeSeconds = (System.nanoTime() - facts.startedNanos()) / 1_000_000_000L;
        line(out, "redis_version", NodeFacts.REDIS_VERSION);
        line(out, "chorus_version", NodeFacts.CHORUS_VERSION);
        line(out, "redis_mode", "cluster");
        line(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        line(out, "process_id", ProcessHandle.current().pid());
        line(out, "run_id", facts.runId());
        line(out, "tcp_port", config.clientPort());
        line(out, "uptime_in_seconds", uptimeSeconds);
        line(out, "uptime_in_days", uptimeSeconds / 86_400);
        line(out, "java_version", Runtime.version());
    }

    /** The JVM heap, which holds everything but RocksDB's block cache and memtables (off heap). */
    private static void memory(StringBuilder out) {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        line(out, "used_memory", used);
        line(out, "used_memory_human", String.format(java.util.Locale.ROOT, "%.2fM", used / 1048576.0));
        line(out, "maxmemory", runtime.maxMemory());
        line(out, "mem_allocator", "jvm-heap");
    }

    private void persistence(StringBuilder out) {
        ChorusConfig config = facts.config();
        line(out, "loading", 0);
        line(out, "rdb_changes_since_last_save", 0);
        line(out, "aof_enabled", 0);
        if (config.syncMode() == SyncMode.FSYNC) {
            line(out, "chorus_sync_mode", "fsync");
            line(out, "chorus_durability", "durable: every acknowledged write is fsynced first");
        } else {
            line(out, "chorus_sync_mode", "periodic");
            line(out, "chorus_sync_period_ms", config.syncPeriod().toMillis());
            line(out, "chorus_durability", "WARNING periodic fsync: a power loss can lose up to "
                    + config.syncPeriod().toMillis() + " ms of acknowledged writes");
        }
        StorageCounters storage = facts.storageCounters().get();
        line(out, "chorus_storage_syncs", storage.syncs());
        line(out, "chorus_storage_applies", storage.applies());
        line(out, "chorus_storage_writes_without_read", storage.writesWithoutRead());
        line(out, "chorus_storage_recent_row_reads", storage.recentRowReads());
        line(out, "chorus_storage_recent_rows_kept_max", storage.recentRowsKept());
    }

    private void keyspace(StringBuilder out) {
        long keys = facts.keysEstimate().getAsLong();
        if (keys >= 0) {
            line(out, "db0", "keys=" + keys + ",expires=0,avg_ttl=0");
        }
    }

    private void chorus(StringBuilder out) {
        ChorusConfig config = facts.config();
        line(out, "node_id", cluster.self());
        line(out, "members", cluster.members().size());
        int up = 0;
        for (ClusterView.MemberView member : cluster.members()) {
            up += member.up() ? 1 : 0;
            line(out, "member_" + member.member().id(), "internode=" + member.member().internodeAddress()
                    + ",client=" + member.member().clientAddress() + ",rack=" + member.member().rack()
                    + ",state=" + (member.up() ? "up" : "down") + ",slots=" + member.slots());
        }
        line(out, "members_up", up);
        line(out, "replication_factor", cluster.replicationFactor());
        line(out, "default_read_consistency", config.defaultRead());
        line(out, "default_write_consistency", config.defaultWrite());
        line(out, "connection_read_consistency", connectionRead);
        line(out, "connection_write_consistency", connectionWrite);
        ClusterView.Healing healing = cluster.healing();
        line(out, "hints_stored", healing.hintsStored());
        line(out, "hints_delivered", healing.hintsDelivered());
        line(out, "hints_expired", healing.hintsExpired());
        line(out, "hints_overflowed", healing.hintsOverflowed());
        line(out, "hints_store_failed", healing.hintsStoreFailed());
        line(out, "hints_pending_for", healing.hintsPendingFor().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.joining(",")));
        line(out, "repair_interval_ms", config.repairInterval().toMillis());
        line(out, "repair_rounds_completed", healing.repairRounds());
    }

    private static void line(StringBuilder out, String field, Object value) {
        out.append(field).append(':').append(value).append("\r\n");
    }
}
