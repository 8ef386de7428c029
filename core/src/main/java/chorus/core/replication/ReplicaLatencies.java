package chorus.core.replication;

import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recent read latencies to each peer, as one coordinator measured them (request sent to response
 * received, on the monotonic clock), for choosing the fastest replicas and for deciding when a read
 * has waited long enough to ask another (D8 speculative retry).
 *
 * <p>Per peer it keeps an exponentially weighted moving average, which follows a change in a few
 * samples and orders replicas, and the last {@link #SAMPLES} samples, whose percentiles set the
 * speculative-retry wait. An average alone would make a replica with a long tail look as fast as a
 * steady one; a window alone would take {@link #SAMPLES} reads to notice that a replica turned slow.
 *
 * <p>Only the node thread uses it. Its size is bounded by the number of members.
 */
public final class ReplicaLatencies {
    static final int SAMPLES = 64;
    /**
     * Once a peer's window is full, its percentile is sorted anew only after this many new samples.
     * Every read records a sample and most reads ask for the percentile, so sorting on every change
     * cost a copy and a sort of the window per read (a sixth of a read's allocation in the JMH
     * profile); the wait it sets now lags the window by at most an eighth of it.
     */
    static final int RESORT_AFTER = SAMPLES / 8;
    /** Weight of a new sample in the average: about the last eight reads matter. */
    private static final double AVERAGE_WEIGHT = 0.25;

    private final Map<NodeId, Peer> peers = new HashMap<>();
    /** Where percentiles are sorted; only the node thread uses it. */
    private final long[] scratch = new long[SAMPLES];

    private static final class Peer {
        final long[] samples = new long[SAMPLES];
        int count;
        int next;
        double averageNanos;
        /** Percentile cache: recomputed per {@link #RESORT_AFTER}, or for another percentile. */
        double cachedPercentile = Double.NaN;
        long cachedNanos;
        int samplesSinceSort;
    }

    /** Records one latency sample for {@code peer}. */
    public void record(NodeId peer, long nanos) {
        Peer state = peers.computeIfAbsent(peer, id -> new Peer());
        long sample = Math.max(0, nanos);
        state.samples[state.next] = sample;
        state.next = (state.next + 1) % SAMPLES;
        state.averageNanos = state.count == 0 ? sample
                : state.averageNanos + AVERAGE_WEIGHT * (sample - state.averageNanos);
        state.count = Math.min(state.count + 1, SAMPLES);
        state.samplesSinceSort++;
    }

    /** The moving average of {@code peer}'s latency, or 0 when it has none (an unknown peer is worth trying). */
    public long averageNanos(NodeId peer) {
        Peer state = peers.get(peer);
        return state == null ? 0 : (long) state.averageNanos;
    }

    /**
     * The {@code percentile} (0..100] of {@code peer}'s recent samples (nearest rank), or -1 when it
     * has none.
     */
    public long percentileNanos(NodeId peer, double percentile) {
        Peer state = peers.get(peer);
        if (state == null || state.count == 0) {
            return -1;
        }
        boolean stale = state.count < SAMPLES ? state.samplesSinceSort > 0 : state.samplesSinceSort >= RESORT_AFTER;
        if (state.cachedPercentile != percentile || stale) {
            int count = state.count;
            System.arraycopy(state.samples, 0, scratch, 0, count);
            Arrays.sort(scratch, 0, count);
            int rank = (int) Math.ceil(percentile / 100.0 * count);
            state.cachedNanos = scratch[Math.max(0, Math.min(count, rank) - 1)];
            state.cachedPercentile = percentile;
            state.samplesSinceSort = 0;
        }
        return state.cachedNanos;
    }

    /**
     * {@code replicas} ordered fastest first: {@code self} first when it is among them (a local read
     * crosses no network), then by moving average, ties kept in {@code replicas}' own order so that
     * the choice is deterministic and, among equals, follows the placement.
     */
    public List<NodeId> fastestFirst(List<NodeId> replicas, NodeId self) {
        List<NodeId> ordered = new ArrayList<>(replicas);
        ordered.sort(Comparator.comparing((NodeId replica) -> !replica.equals(self))
                .thenComparingLong(this::averageNanos));
        return ordered;
    }
}
