package chorus.server.commands;

import chorus.core.topology.Member;
import chorus.resp.Command;
import chorus.resp.Reply;
import chorus.server.config.ChorusConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code CONFIG GET pattern...}: the node's settings as Redis tools expect them. Tools such as
 * redis-benchmark ask for {@code save} and {@code appendonly}; Chorus answers those the way a Redis
 * without snapshots would, and also every Chorus setting under its own name ({@code CONFIG GET
 * replication-factor}). Patterns are Redis globs ({@code *}, {@code ?}). Settings are fixed at
 * start, so {@code CONFIG SET} is refused.
 */
final class ConfigCommand {
    private ConfigCommand() {
    }

    static Reply run(Command command, ChorusConfig config) {
        String sub = command.keyword(0);
        if (sub.equals("SET")) {
            return Reply.err("CONFIG SET is not supported: settings are fixed when a node starts"
                    + " (see docs/configuration.md)");
        }
        Map<String, String> values = values(config);
        List<Reply.Pair> matches = new ArrayList<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            for (int i = 1; i < command.args().size(); i++) {
                if (glob(command.argText(i)).matcher(entry.getKey()).matches()) {
                    matches.add(Reply.pair(entry.getKey(), Reply.bulk(entry.getValue())));
                    break;
                }
            }
        }
        return Reply.map(matches);
    }

    private static Map<String, String> values(ChorusConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("save", "");
        values.put("appendonly", "no");
        values.put("databases", "1");
        values.put("maxclients", Integer.toString(config.limits().maxConnections()));
        values.put("proto-max-bulk-len", Long.toString(config.limits().maxRequestSize()));
        values.put("node-id", config.nodeId().toString());
        values.put("listen-host", config.listenHost());
        values.put("internode-port", Integer.toString(config.internodePort()));
        values.put("client-host", config.clientHost());
        values.put("client-port", Integer.toString(config.clientPort()));
        values.put("http-port", Integer.toString(config.httpPort()));
        values.put("data-dir", config.dataDir().toAbsolutePath().toString());
        values.put("members", config.members().stream().map(ConfigCommand::member).collect(Collectors.joining(",")));
        values.put("rack", config.self().rack());
        values.put("replication-factor", Integer.toString(config.effectiveReplicationFactor()));
        values.put("read-consistency", config.defaultRead().name());
        values.put("write-consistency", config.defaultWrite().name());
        values.put("sync-mode", config.syncMode().name().toLowerCase(Locale.ROOT));
        values.put("sync-period", config.syncPeriod().toMillis() + "ms");
        values.put("recent-rows-size", config.recentRowsBytes() == 0 ? "auto" : Long.toString(config.recentRowsBytes()));
        values.put("write-timeout", config.timeouts().writeTimeout().toMillis() + "ms");
        values.put("read-timeout", config.timeouts().readTimeout().toMillis() + "ms");
        values.put("heartbeat-interval", config.timeouts().heartbeatInterval().toMillis() + "ms");
        values.put("failure-timeout", config.timeouts().failureTimeout().toMillis() + "ms");
        values.put("hint-window", config.hints().window().toMillis() + "ms");
        values.put("max-pending-hint-bytes", Long.toString(config.hints().maxPendingBytes()));
        values.put("repair-interval", config.repairInterval().toMillis() + "ms");
        values.put("max-pending-operations", Integer.toString(config.maxPendingOperations()));
        values.put("max-key-size", Long.toString(config.limits().maxKeySize()));
        values.put("max-value-size", Long.toString(config.limits().maxValueSize()));
        values.put("max-request-size", Long.toString(config.limits().maxRequestSize()));
        values.put("max-connections", Integer.toString(config.limits().maxConnections()));
        values.put("max-pipelined", Integer.toString(config.limits().maxPipelined()));
        values.put("allow-flush", Boolean.toString(config.allowFlush()));
        return values;
    }

    private static String member(Member member) {
        return member.id() + "=" + member.internodeAddress() + "/" + member.clientAddress() + "/" + member.rack();
    }

    /** A Redis glob as a regex: {@code *} any run, {@code ?} one character, the rest literal. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
