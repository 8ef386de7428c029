package chorus.server.config;

import static java.util.Objects.requireNonNull;

import chorus.core.node.HealingConfig;
import java.time.Duration;

/**
 * How reads choose replicas and when deletions are purged (D8, D4).
 *
 * @param speculativeRetryPercentile a read asks one more replica once the slowest one it waits for has
 *                                   taken longer than this percentile of its recent latencies
 * @param speculativeRetryMin        the shortest such wait
 * @param tombstoneGrace             how long a tombstone is kept before it may be purged
 */
public record ReadAndPurge(int speculativeRetryPercentile, Duration speculativeRetryMin, Duration tombstoneGrace) {
    public ReadAndPurge {
        requireNonNull(speculativeRetryMin, "speculativeRetryMin is null");
        requireNonNull(tombstoneGrace, "tombstoneGrace is null");
    }

    /** The core's healing knobs: its defaults, with these settings. */
    HealingConfig healing() {
        return HealingConfig.defaults().withSpeculativeRetry(speculativeRetryPercentile, speculativeRetryMin)
                .withTombstoneGrace(tombstoneGrace);
    }
}
