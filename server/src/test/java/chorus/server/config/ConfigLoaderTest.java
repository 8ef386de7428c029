package chorus.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.api.ConsistencyLevel;
import chorus.core.node.HealingConfig;
import chorus.core.topology.NodeId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path directory;

    @Test
    void defaultsDescribeASingleNode() {
        ChorusConfig config = ConfigLoader.load(null, Map.of());

        assertThat(config.nodeId()).isEqualTo(NodeId.of(1));
        assertThat(config.clientPort()).isEqualTo(7001);
        assertThat(config.members()).hasSize(1);
        assertThat(config.replicationFactor()).isEqualTo(3);
        assertThat(config.effectiveReplicationFactor()).isEqualTo(1);
        assertThat(config.dataDir()).isEqualTo(Path.of("data", "n1"));
        assertThat(config.limits().maxKeySize()).isEqualTo(64 * 1024);
        assertThat(config.limits().maxValueSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(config.syncMode()).isEqualTo(SyncMode.FSYNC);
    }

    @Test
    void readsAFileAndFlagsWin() throws IOException {
        Path file = write("""
                node-id: n2
                client-port: 7002
                internode-port: 7102
                listen-host: 127.0.0.2
                replication-factor: 2
                read-consistency: one
                write-timeout: 5s
                max-value-size: 1MiB
                members:
                  - n1=127.0.0.1:7101/127.0.0.1:7001
                  - n2=127.0.0.2:7102/127.0.0.1:7002/rack2
                  - {id: n3, internode: "127.0.0.3:7103", client: "127.0.0.1:7003"}
                rack: rack2
                """);

        ChorusConfig config = ConfigLoader.load(file, Map.of("replication-factor", "3", "write-consistency", "ALL"));

        assertThat(config.nodeId()).isEqualTo(NodeId.of(2));
        assertThat(config.replicationFactor()).isEqualTo(3);
        assertThat(config.defaultRead()).isEqualTo(ConsistencyLevel.ONE);
        assertThat(config.defaultWrite()).isEqualTo(ConsistencyLevel.ALL);
        assertThat(config.timeouts().writeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.limits().maxValueSize()).isEqualTo(1024 * 1024);
        assertThat(config.members()).extracting(member -> member.id().toString()).containsExactly("n1", "n2", "n3");
        assertThat(config.self().rack()).isEqualTo("rack2");
        assertThat(config.members().get(2).internodeAddress()).isEqualTo("127.0.0.3:7103");
    }

    @Test
    void replicaChoiceAndTombstoneGraceReachTheCore() {
        HealingConfig defaults = ConfigLoader.load(null, Map.of()).nodeConfig().healing();
        HealingConfig chosen = ConfigLoader.load(null, Map.of("speculative-retry-percentile", "95",
                "speculative-retry-min", "2ms", "tombstone-grace", "2d")).nodeConfig().healing();

        assertThat(defaults.speculativeRetryPercentile()).isEqualTo(99);
        assertThat(defaults.speculativeRetryMin()).isEqualTo(Duration.ofMillis(5));
        assertThat(defaults.tombstoneGrace()).isEqualTo(Duration.ofDays(10));
        assertThat(chosen.speculativeRetryPercentile()).isEqualTo(95);
        assertThat(chosen.speculativeRetryMin()).isEqualTo(Duration.ofMillis(2));
        assertThat(chosen.tombstoneGrace()).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("speculative-retry-percentile", "0")))
                .hasMessage("speculative-retry-percentile=0 is invalid (expected: 1..100)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("tombstone-grace", "4000d")))
                .hasMessage("tombstone-grace=4000d is invalid (expected: 0..3650d)");
    }

    @Test
    void unknownKeyInAFileIsNamed() throws IOException {
        Path file = write("replication_factor: 3\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting 'replication_factor' in " + file + "; did you mean replication-factor?");
    }

    @Test
    void unknownFlagIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("colour", "blue")))
                .hasMessageStartingWith("unknown setting 'colour' in the command line");
    }

    @Test
    void outOfRangeValuesNameTheKeyAndTheRange() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("replication-factor", "0")))
                .hasMessage("replication-factor=0 is invalid (expected: 1..9)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("client-port", "70000")))
                .hasMessage("client-port=70000 is invalid (expected: 1..65535)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("max-value-size", "1TiB")))
                .hasMessageStartingWith("max-value-size=1TiB is invalid (expected: 1B..512MiB");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("write-timeout", "1ms")))
                .hasMessage("write-timeout=1ms is invalid (expected: 10ms..10m)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("read-consistency", "TWO")))
                .hasMessage("read-consistency=TWO is invalid (expected: ONE, QUORUM, ALL or SERIAL)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("sync-mode", "never")))
                .hasMessage("sync-mode=never is invalid (expected: fsync or periodic)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("node-id", "x7")))
                .hasMessage("node-id=x7 is invalid (expected: n1..n1023)");
    }

    @Test
    void repairIntervalIsOffOrAtLeastAMinuteAndReachesTheCore() {
        assertThat(ConfigLoader.load(null, Map.of()).nodeConfig().healing().repairInterval())
                .isEqualTo(Duration.ofHours(24));
        assertThat(ConfigLoader.load(null, Map.of("repair-interval", "0")).nodeConfig().healing().repairInterval())
                .isZero();
        assertThat(ConfigLoader.load(null, Map.of("repair-interval", "6h", "hint-window", "0")).nodeConfig().healing())
                .extracting(healing -> healing.repairInterval(), healing -> healing.hintWindow())
                .containsExactly(Duration.ofHours(6), Duration.ZERO);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("repair-interval", "30s")))
                .hasMessage("repair-interval=30s is invalid (expected: 0 (off) or 1m..720h)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("hint-window", "200h")))
                .hasMessage("hint-window=200h is invalid (expected: 0..7d)");
    }

    @Test
    void theRecentRowsSizeIsAutoOrASize() {
        assertThat(ConfigLoader.load(null, Map.of()).recentRowsBytes()).isZero(); // auto
        assertThat(ConfigLoader.load(null, Map.of("recent-rows-size", "AUTO")).recentRowsBytes()).isZero();
        assertThat(ConfigLoader.load(null, Map.of("recent-rows-size", "128MiB")).recentRowsBytes()).isEqualTo(128L << 20);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("recent-rows-size", "512KiB")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("recent-rows-size=512KiB is invalid (expected: 1MiB..1792MiB)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("recent-rows-size", "2GiB")))
                .hasMessage("recent-rows-size=2GiB is invalid (expected: 1MiB..1792MiB)");
    }

    @Test
    void thePendingHintBudgetIsASizeThatReachesTheCore() {
        assertThat(ConfigLoader.load(null, Map.of()).nodeConfig().healing().pendingHintBytesMax())
                .isEqualTo(16L << 20);
        assertThat(ConfigLoader.load(null, Map.of("max-pending-hint-bytes", "64MiB")).nodeConfig().healing()
                .pendingHintBytesMax()).isEqualTo(64L << 20);
        assertThat(ConfigLoader.load(null, Map.of("max-pending-hint-bytes", "2048")).hints().maxPendingBytes())
                .isEqualTo(2048);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("max-pending-hint-bytes", "100B")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("max-pending-hint-bytes=100B is invalid (expected: 1KiB..1GiB)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("max-pending-hint-bytes", "2GiB")))
                .hasMessage("max-pending-hint-bytes=2GiB is invalid (expected: 1KiB..1GiB)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("max-pending-hint-bytes", "lots")))
                .hasMessage("max-pending-hint-bytes=lots is invalid (expected: 1KiB..1GiB, such as 512KiB)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("max-pending-hint-bytes", "16TB")))
                .hasMessage("max-pending-hint-bytes=16TB is invalid (expected: 1KiB..1GiB (units: B, KiB, MiB, GiB))");
    }

    @Test
    void tombstoneGraceMustOutlastTheRepairInterval() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("repair-interval", "48h", "tombstone-grace", "1d")))
                .hasMessage("tombstone-grace=1d must be longer than repair-interval=48h, or deleted values can come"
                        + " back after a purge (see docs/healing.md)");
        assertThat(ConfigLoader.load(null, Map.of("repair-interval", "0", "tombstone-grace", "1h")).nodeConfig()
                .healing().tombstoneGrace()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void wrongTypeInAFileIsNamed() throws IOException {
        Path file = write("client-port: [1, 2]\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage("client-port=[1, 2] is invalid (expected: a single port)");
    }

    @Test
    void membersMustIncludeThisNodeAsConfigured() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("members", "n2=127.0.0.2:7102/127.0.0.1:7002")))
                .hasMessageStartingWith("members does not list this node, n1");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("members", "n1=127.0.0.1:9999/127.0.0.1:7001")))
                .hasMessageContaining("must match");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("members", "n1=nonsense")))
                .hasMessageStartingWith("members=n1=nonsense is invalid");
    }

    @Test
    void brokenYamlIsOneLine() throws IOException {
        Path file = write("client-port: 7001\n  bad: [\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith("config file " + file + " is not valid YAML")
                .hasMessageNotContaining("\n");
    }

    @Test
    void missingFileIsNamed() {
        Path file = directory.resolve("absent.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).hasMessage("config file " + file + " does not exist");
    }

    @Test
    void failureTimeoutMustExceedTheHeartbeat() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("heartbeat-interval", "1s", "failure-timeout", "1s")))
                .hasMessage("failure-timeout=1s is invalid (expected: more than heartbeat-interval 1s)");
    }

    private Path write(String yaml) throws IOException {
        Path file = directory.resolve("chorus.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
