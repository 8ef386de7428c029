package chorus.core.node;

import java.time.Duration;

/**
 * Knobs of failure detection, replica choice, hinted handoff, repair and tombstone purge (D8).
 *
 * @param phiThreshold               suspicion above which a peer is down (Cassandra and Akka use 8;
 *                                   higher detects later and more surely)
 * @param gossipFanout               how many random peers each gossip round goes to
 * @param hintWindow                 hints older than this are dropped undelivered (repair fixes their targets)
 * @param hintDeliveryPageSize       how many hints one delivery sends to one target at a time: the page read
 *                                   from storage, all acknowledged before the next page
 * @param merkleDepth                depth of a slot's Merkle tree: 2^depth leaves, each a range of key hashes
 * @param repairRowsMax              the most rows one replica sends per repair round of one slot
 * @param repairInterval             how often each node repairs the slots it is the first replica of
 *                                   ({@link chorus.core.antientropy.RepairScheduler}); zero means never
 * @param speculativeRetryPercentile a read asks one more replica once the slowest one it waits for has
 *                                   taken longer than this percentile of its recent read latencies
 * @param speculativeRetryMin        the floor of that wait, so that a run of very fast reads does not make
 *                                   every small hiccup cost an extra request
 * @param readRepairChance           the fraction of reads below ALL that still ask every live replica, so
 *                                   replicas converge through reads and the latencies of replicas not
 *                                   normally chosen stay known (see {@code ReadCoordinator})
 * @param tombstoneGrace             how long a tombstone is kept before a purge may drop it; must exceed
 *                                   the interval between two repairs (docs/healing.md)
 * @param pendingHintBytesMax        the most bytes of hints (stored key and value) waiting for storage to
 *                                   make them durable; beyond it new hints are dropped and counted, so a
 *                                   burst of writes to a down replica costs bounded memory
 */
public record HealingConfig(double phiThreshold, int gossipFanout, Duration hintWindow, int hintDeliveryPageSize,
                            int merkleDepth, int repairRowsMax, Duration repairInterval,
                            double speculativeRetryPercentile, Duration speculativeRetryMin, double readRepairChance,
                            Duration tombstoneGrace, long pendingHintBytesMax) {
    public static final int MERKLE_DEPTH_MAX = 16;
    public static final double SPECULATIVE_RETRY_PERCENTILE_DEFAULT = 99;
    public static final Duration SPECULATIVE_RETRY_MIN_DEFAULT = Duration.ofMillis(5);
    /** One read in 20 asks everyone: see {@code ReadCoordinator} for why not zero and why not more. */
    public static final double READ_REPAIR_CHANCE_DEFAULT = 0.05;
    /** Cassandra's {@code gc_grace_seconds} default: long enough for a weekly repair to be late. */
    public static final Duration TOMBSTONE_GRACE_DEFAULT = Duration.ofDays(10);
    /**
     * A hint takes its key and value plus about 70 bytes, so 16 MiB holds some 200,000 small ones
     * (docs/healing.md): many seconds of a burst of writes to a down replica even when storage is slow
     * to sync, in memory this node can spare.
     */
    public static final long PENDING_HINT_BYTES_MAX_DEFAULT = 16L << 20;

    /** Without scheduled repair, with the default replica choice, tombstone grace and pending hint budget. */
    public HealingConfig(double phiThreshold, int gossipFanout, Duration hintWindow, int hintDeliveryPageSize,
                         int merkleDepth, int repairRowsMax) {
        this(phiThreshold, gossipFanout, hintWindow, hintDeliveryPageSize, merkleDepth, repairRowsMax, Duration.ZERO,
                SPECULATIVE_RETRY_PERCENTILE_DEFAULT, SPECULATIVE_RETRY_MIN_DEFAULT, READ_REPAIR_CHANCE_DEFAULT,
                TOMBSTONE_GRACE_DEFAULT, PENDING_HINT_BYTES_MAX_DEFAULT);
    }

    public HealingConfig {
        java.util.Objects.requireNonNull(hintWindow, "hintWindow is null");
        java.util.Objects.requireNonNull(repairInterval, "repairInterval is null");
        java.util.Objects.requireNonNull(speculativeRetryMin, "speculativeRetryMin is null");
        java.util.Objects.requireNonNull(tombstoneGrace, "tombstoneGrace is null");
        if (hintWindow.isNegative()) {
            throw new IllegalArgumentException("hint window " + hintWindow + " is invalid (expected: >= 0)");
        }
        if (repairInterval.isNegative()) {
            throw new IllegalArgumentException("repair interval " + repairInterval + " is invalid (expected: >= 0)");
        }
        if (!(phiThreshold > 0)) {
            throw new IllegalArgumentException("phi threshold " + phiThreshold + " is invalid (expected: > 0)");
        }
        if (gossipFanout < 1) {
            throw new IllegalArgumentException("gossip fanout " + gossipFanout + " is invalid (expected: >= 1)");
        }
        if (hintDeliveryPageSize < 1) {
            throw new IllegalArgumentException("hint delivery page size " + hintDeliveryPageSize
                    + " is invalid (expected: >= 1)");
        }
        if (pendingHintBytesMax < 1) {
            throw new IllegalArgumentException("pending hint bytes " + pendingHintBytesMax
                    + " is invalid (expected: >= 1)");
        }
        if (merkleDepth < 0 || merkleDepth > MERKLE_DEPTH_MAX) {
            throw new IllegalArgumentException("merkle depth " + merkleDepth + " is invalid (expected: 0.."
                    + MERKLE_DEPTH_MAX + ")");
        }
        if (repairRowsMax < 1) {
            throw new IllegalArgumentException("repair rows " + repairRowsMax + " is invalid (expected: >= 1)");
        }
        if (!(speculativeRetryPercentile > 0 && speculativeRetryPercentile <= 100)) {
            throw new IllegalArgumentException("speculative retry percentile " + speculativeRetryPercentile
                    + " is invalid (expected: > 0 and <= 100)");
        }
        if (speculativeRetryMin.isNegative()) {
            throw new IllegalArgumentException("speculative retry minimum " + speculativeRetryMin
                    + " is invalid (expected: >= 0)");
        }
        if (!(readRepairChance >= 0 && readRepairChance <= 1)) {
            throw new IllegalArgumentException("read repair chance " + readRepairChance
                    + " is invalid (expected: 0..1)");
        }
        if (tombstoneGrace.isNegative()) {
            throw new IllegalArgumentException("tombstone grace " + tombstoneGrace + " is invalid (expected: >= 0)");
        }
    }

    public static HealingConfig defaults() {
        return new HealingConfig(8.0, 3, Duration.ofHours(3), 128, 10, 1_000);
    }

    public HealingConfig withHintWindow(Duration window) {
        return new HealingConfig(phiThreshold, gossipFanout, window, hintDeliveryPageSize, merkleDepth,
                repairRowsMax, repairInterval, speculativeRetryPercentile, speculativeRetryMin, readRepairChance,
                tombstoneGrace, pendingHintBytesMax);
    }

    public HealingConfig withMerkleDepth(int depth) {
        return new HealingConfig(phiThreshold, gossipFanout, hintWindow, hintDeliveryPageSize, depth, repairRowsMax,
                repairInterval, speculativeRetryPercentile, speculativeRetryMin, readRepairChance,
                tombstoneGrace, pendingHintBytesMax);
    }

    public HealingConfig withRepairInterval(Duration interval) {
        return new HealingConfig(phiThreshold, gossipFanout, hintWindow, hintDeliveryPageSize, merkleDepth,
                repairRowsMax, interval, speculativeRetryPercentile, speculativeRetryMin, readRepairChance,
                tombstoneGrace, pendingHintBytesMax);
    }

    public HealingConfig withSpeculativeRetry(double percentile, Duration min) {
        return new HealingConfig(phiThreshold, gossipFanout, hintWindow, hintDeliveryPageSize, merkleDepth,
                repairRowsMax, repairInterval, percentile, min, readRepairChance,
                tombstoneGrace, pendingHintBytesMax);
    }

    public HealingConfig withReadRepairChance(double chance) {
        return new HealingConfig(phiThreshold, gossipFanout, hintWindow, hintDeliveryPageSize, merkleDepth,
                repairRowsMax, repairInterval, speculativeRetryPercentile, speculativeRetryMin, chance,
                tombstoneGrace, pendingHintBytesMax);
    }

    public HealingConfig withTombstoneGrace(Duration grace) {
        return new HealingConfig(phiThreshold, gossipFanout, hintWindow, hintDeliveryPageSize, merkleDepth,
                repairRowsMax, repairInterval, speculativeRetryPercentile, speculativeRetryMin, readRepairChance,
                grace, pendingHintBytesMax);
    }

    public HealingConfig withPendingHintBytesMax(long bytesMax) {
        return new HealingConfig(phiThreshold, gossipFanout, hintWindow, hintDeliveryPageSize, merkleDepth,
                repairRowsMax, repairInterval, speculativeRetryPercentile, speculativeRetryMin, readRepairChance,
                tombstoneGrace, bytesMax);
    }
}
