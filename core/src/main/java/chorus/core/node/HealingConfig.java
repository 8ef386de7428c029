package chorus.core.node;

import java.time.Duration;

/**
 * Knobs of failure detection, hinted handoff and repair (D8).
 *
 * @param phiThreshold     suspicion above which a peer is down (Cassandra and Akka use 8; higher
 *                         detects later and more surely)
 * @param gossipFanout     how many random peers each gossip round goes to
 * @param hintWindow       hints older than this are dropped undelivered (repair fixes their targets)
 * @param hintsInFlightMax the most hint stores pending in storage, and the page of hints in flight per target
 * @param merkleDepth      depth of a slot's Merkle tree: 2^depth leaves, each a range of key hashes
 * @param repairRowsMax    the most rows one replica sends per repair round of one slot
 * @param repairInterval   how often each node repairs the slots it is the first replica of
 *                         ({@link chorus.core.antientropy.RepairScheduler}); zero means never
 */
public record HealingConfig(double phiThreshold, int gossipFanout, Duration hintWindow, int hintsInFlightMax,
                            int merkleDepth, int repairRowsMax, Duration repairInterval) {
    public static final int MERKLE_DEPTH_MAX = 16;

    /** Without scheduled repair. */
    public HealingConfig(double phiThreshold, int gossipFanout, Duration hintWindow, int hintsInFlightMax,
                         int merkleDepth, int repairRowsMax) {
        this(phiThreshold, gossipFanout, hintWindow, hintsInFlightMax, merkleDepth, repairRowsMax, Duration.ZERO);
    }

    public HealingConfig {
        java.util.Objects.requireNonNull(hintWindow, "hintWindow is null");
        java.util.Objects.requireNonNull(repairInterval, "repairInterval is null");
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
        if (hintsInFlightMax < 1) {
            throw new IllegalArgumentException("hints in flight " + hintsInFlightMax + " is invalid (expected: >= 1)");
        }
        if (merkleDepth < 0 || merkleDepth > MERKLE_DEPTH_MAX) {
            throw new IllegalArgumentException("merkle depth " + merkleDepth + " is invalid (expected: 0.."
                    + MERKLE_DEPTH_MAX + ")");
        }
        if (repairRowsMax < 1) {
            throw new IllegalArgumentException("repair rows " + repairRowsMax + " is invalid (expected: >= 1)");
        }
    }

    public static HealingConfig defaults() {
        return new HealingConfig(8.0, 3, Duration.ofHours(3), 128, 10, 1_000);
    }

    public HealingConfig withHintWindow(Duration window) {
        return new HealingConfig(phiThreshold, gossipFanout, window, hintsInFlightMax, merkleDepth, repairRowsMax,
                repairInterval);
    }

    public HealingConfig withMerkleDepth(int depth) {
        return new HealingConfig(phiThreshold, gossipFanout, hintWindow, hintsInFlightMax, depth, repairRowsMax,
                repairInterval);
    }

    public HealingConfig withRepairInterval(Duration interval) {
        return new HealingConfig(phiThreshold, gossipFanout, hintWindow, hintsInFlightMax, merkleDepth, repairRowsMax,
                interval);
    }
}
