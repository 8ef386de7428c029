package chorus.server.config;

import chorus.core.node.Keyspace;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import chorus.storage.StorageConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Builds a {@link ChorusConfig} from a YAML file and command-line flags; a flag wins over the file.
 * The file is a flat map of setting names ({@link Settings}) to values. Any problem is one
 * {@link ConfigException} naming the setting and what would be valid.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Reads {@code file} (null: none) and applies {@code flags} (setting name to text) over it. */
    public static ChorusConfig load(Path file, Map<String, String> flags) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (file != null) {
            values.putAll(readYaml(file));
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            checkKnown(flag.getKey(), "the command line");
            values.put(flag.getKey(), flag.getValue());
        }
        return build(values);
    }

    /** The settings in a YAML file, names checked, values not yet. */
    static Map<String, Object> readYaml(Path file) {
        Object document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        } catch (MarkedYAMLException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getProblem() + " at line "
                    + (e.getProblemMark() == null ? "?" : e.getProblemMark().getLine() + 1));
        } catch (YAMLException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        if (document == null) {
            return Map.of();
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigException("config file " + file + " must be a map of settings, such as 'client-port: 7001'");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            checkKnown(key, file.toString());
            values.put(key, entry.getValue());
        }
        return values;
    }

    private static void checkKnown(String key, String source) {
        if (Settings.find(key).isEmpty()) {
            String hint = Settings.find(key.replace('_', '-').replace('.', '-'))
                    .map(setting -> "; did you mean " + setting.name() + "?")
                    .orElse("; see docs/configuration.md or chorus node --help");
            throw new ConfigException("unknown setting '" + key + "' in " + source + hint);
        }
    }

    /** Validates every setting; values are as YAML or flags gave them, keyed by setting name. */
    public static ChorusConfig build(Map<String, Object> raw) {
        ConfigValues values = new ConfigValues(raw);
        NodeId nodeId = nodeId(values);
        String listenHost = values.host(Settings.LISTEN_HOST);
        int internodePort = values.integer(Settings.INTERNODE_PORT, 1, 65535);
        String clientHost = values.host(Settings.CLIENT_HOST);
        int clientPort = values.integer(Settings.CLIENT_PORT, 1, 65535);
        String rack = values.text(Settings.RACK);
        Member self = new Member(nodeId, listenHost + ":" + internodePort, clientHost + ":" + clientPort,
                rack.isEmpty() ? Member.DEFAULT_RACK : rack);
        List<Member> members = members(values, self);
        Path dataDir = values.isSet(Settings.DATA_DIR) ? Path.of(values.text(Settings.DATA_DIR))
                : Path.of("data", nodeId.toString());
        Duration repairInterval = repairInterval(values);
        return new ChorusConfig(nodeId, listenHost, internodePort, clientHost, clientPort,
                values.integer(Settings.HTTP_PORT, 0, 65535), dataDir, members,
                values.integer(Settings.REPLICATION_FACTOR, 1, Keyspace.REPLICATION_FACTOR_MAX),
                values.level(Settings.READ_CONSISTENCY), values.level(Settings.WRITE_CONSISTENCY),
                values.syncMode(Settings.SYNC_MODE),
                values.duration(Settings.SYNC_PERIOD, Duration.ofMillis(1), Duration.ofSeconds(10)),
                timeouts(values), limits(values), values.integer(Settings.MAX_PENDING_OPERATIONS, 1, 1_000_000),
                values.bool(Settings.ALLOW_FLUSH),
                hints(values), repairInterval,
                readAndPurge(values, repairInterval), recentRowsBytes(values));
    }

    /** 0 for auto; else a size the storage's table of recent rows can take. */
    private static long recentRowsBytes(ConfigValues values) {
        if (values.text(Settings.RECENT_ROWS_SIZE).equalsIgnoreCase("auto")) {
            return 0;
        }
        return values.size(Settings.RECENT_ROWS_SIZE, 1L << 20, StorageConfig.RECENT_ROWS_BYTES_MAX);
    }

    private static Hints hints(ConfigValues values) {
        return new Hints(values.duration(Settings.HINT_WINDOW, Duration.ZERO, Duration.ofHours(168)),
                values.size(Settings.MAX_PENDING_HINT_BYTES, 1L << 10, 1L << 30));
    }

    /** Zero (off), or at least a minute: a shorter round would run back to back and never let the cluster rest. */
    private static Duration repairInterval(ConfigValues values) {
        Duration interval = values.duration(Settings.REPAIR_INTERVAL, Duration.ZERO, Duration.ofHours(720));
        if (!interval.isZero() && interval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw ConfigException.invalid(Settings.REPAIR_INTERVAL.name(), values.text(Settings.REPAIR_INTERVAL),
                    "0 (off) or 1m..720h");
        }
        return interval;
    }

    private static NodeId nodeId(ConfigValues values) {
        String text = values.text(Settings.NODE_ID);
        try {
            return NodeId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(Settings.NODE_ID.name(), text, "n1..n" + NodeId.MAX);
        }
    }

    /** The member list, which must describe this node exactly as its own settings do. */
    private static List<Member> members(ConfigValues values, Member self) {
        if (!values.isSet(Settings.MEMBERS)) {
            return List.of(self);
        }
        List<Member> members = new ArrayList<>(MemberList.parse(values.raw(Settings.MEMBERS)));
        Member listed = members.stream().filter(member -> member.id().equals(self.id())).findFirst()
                .orElseThrow(() -> new ConfigException("members does not list this node, " + self.id()
                        + " (expected: every member, this node included)"));
        if (!listed.internodeAddress().equals(self.internodeAddress())
                || !listed.clientAddress().equals(self.clientAddress())) {
            throw new ConfigException("members lists " + MemberList.format(listed) + " but this node's settings say "
                    + MemberList.format(self) + " (listen-host:internode-port and client-host:client-port must match)");
        }
        if (values.isSet(Settings.RACK) && !listed.rack().equals(self.rack())) {
            throw new ConfigException("members gives " + self.id() + " rack " + listed.rack() + " but rack="
                    + self.rack() + " (expected: the same rack)");
        }
        return members;
    }

    private static Timeouts timeouts(ConfigValues values) {
        Duration heartbeat = values.duration(Settings.HEARTBEAT_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(1));
        Duration failure = values.duration(Settings.FAILURE_TIMEOUT, Duration.ofMillis(20), Duration.ofMinutes(10));
        if (failure.compareTo(heartbeat) <= 0) {
            throw ConfigException.invalid(Settings.FAILURE_TIMEOUT.name(), values.text(Settings.FAILURE_TIMEOUT),
                    "more than heartbeat-interval " + ConfigValues.formatDuration(heartbeat));
        }
        return new Timeouts(
                values.duration(Settings.WRITE_TIMEOUT, Duration.ofMillis(10), Duration.ofMinutes(10)),
                values.duration(Settings.READ_TIMEOUT, Duration.ofMillis(10), Duration.ofMinutes(10)),
                heartbeat, failure);
    }

    /**
     * A scheduled repair slower than the tombstone grace period lets purges run before every replica
     * has a tombstone, and deleted values come back (docs/healing.md): refused, not just documented.
     */
    private static ReadAndPurge readAndPurge(ConfigValues values, Duration repairInterval) {
        Duration grace = values.duration(Settings.TOMBSTONE_GRACE, Duration.ZERO, Duration.ofDays(3650));
        if (!repairInterval.isZero() && repairInterval.compareTo(grace) >= 0) {
            throw new ConfigException(Settings.TOMBSTONE_GRACE.name() + "=" + values.text(Settings.TOMBSTONE_GRACE)
                    + " must be longer than " + Settings.REPAIR_INTERVAL.name() + "="
                    + values.text(Settings.REPAIR_INTERVAL) + ", or deleted values can come back after a purge"
                    + " (see docs/healing.md)");
        }
        return new ReadAndPurge(values.integer(Settings.SPECULATIVE_RETRY_PERCENTILE, 1, 100),
                values.duration(Settings.SPECULATIVE_RETRY_MIN, Duration.ZERO, Duration.ofMinutes(10)), grace);
    }

    private static Limits limits(ConfigValues values) {
        return new Limits(
                values.size(Settings.MAX_KEY_SIZE, 1, 512L << 20),
                values.size(Settings.MAX_VALUE_SIZE, 1, 512L << 20),
                values.size(Settings.MAX_REQUEST_SIZE, 1024, 1L << 30),
                values.integer(Settings.MAX_CONNECTIONS, 1, 1_000_000),
                values.integer(Settings.MAX_PIPELINED, 1, 1_000_000));
    }
}
