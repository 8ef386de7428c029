package chorus.core.membership;

import java.util.ArrayDeque;

/**
 * The phi-accrual failure detector of one peer (Hayashibara et al. 2004; the variant of Akka, with a
 * normal distribution over a bounded window of heartbeat inter-arrival times). Instead of a yes/no
 * timeout it answers how unlikely the current silence is: {@code phi = -log10(P(a heartbeat arrives
 * later than now))}. A phi of 8 means one chance in 10^8 that a live peer would be this late.
 *
 * <p>The window adapts the detector to the real rhythm of arrivals (gossip reaches a node directly
 * and indirectly, so intervals vary); the standard deviation has a floor so that a very regular
 * history does not make the detector jumpy. Not thread-safe: owned by one node thread.
 */
public final class PhiAccrualFailureDetector {
    private final int windowMax;
    private final double minStdDeviationNanos;
    private final long acceptablePauseNanos;
    private final ArrayDeque<Long> intervals = new ArrayDeque<>();
    private double sum;
    private double sumOfSquares;
    private long lastHeartbeatNanos;

    /**
     * @param windowMax            how many inter-arrival times the estimate remembers
     * @param minStdDeviationNanos the floor of the standard deviation
     * @param acceptablePauseNanos a pause tolerated on top of the mean (Akka's acceptable-heartbeat-pause):
     *                             gossip news may skip a round or two when no peer happens to pick this node
     * @param firstEstimateNanos   the interval assumed before any heartbeat arrived
     * @param nowNanos             the detector starts as if a heartbeat arrived now
     */
    public PhiAccrualFailureDetector(int windowMax, long minStdDeviationNanos, long acceptablePauseNanos,
                                     long firstEstimateNanos, long nowNanos) {
        if (windowMax < 2) {
            throw new IllegalArgumentException("windowMax " + windowMax + " is invalid (expected: >= 2)");
        }
        this.windowMax = windowMax;
        this.minStdDeviationNanos = Math.max(1, minStdDeviationNanos);
        this.acceptablePauseNanos = Math.max(0, acceptablePauseNanos);
        reset(firstEstimateNanos, nowNanos);
    }

    /** Forgets the history (a restarted peer is a new process), as if a heartbeat arrived now. */
    public void reset(long firstEstimateNanos, long nowNanos) {
        intervals.clear();
        sum = 0;
        sumOfSquares = 0;
        // Two samples around the estimate give a mean and a spread before real data arrives (Akka).
        long spread = firstEstimateNanos / 4;
        add(firstEstimateNanos - spread);
        add(firstEstimateNanos + spread);
        lastHeartbeatNanos = nowNanos;
    }

    public void heartbeat(long nowNanos) {
        long interval = nowNanos - lastHeartbeatNanos;
        lastHeartbeatNanos = nowNanos;
        if (interval > 0) {
            add(interval);
        }
    }

    private void add(long interval) {
        if (intervals.size() >= windowMax) {
            long oldest = intervals.removeFirst();
            sum -= oldest;
            sumOfSquares -= (double) oldest * oldest;
        }
        intervals.addLast(interval);
        sum += interval;
        sumOfSquares += (double) interval * interval;
    }

    public long lastHeartbeatNanos() {
        return lastHeartbeatNanos;
    }

    public double meanNanos() {
        return sum / intervals.size();
    }

    public double stdDeviationNanos() {
        double mean = meanNanos();
        double variance = Math.max(0, sumOfSquares / intervals.size() - mean * mean);
        return Math.max(minStdDeviationNanos, Math.sqrt(variance));
    }

    /** The suspicion level at {@code nowNanos}: 0 just after a heartbeat, growing with silence. */
    public double phi(long nowNanos) {
        double elapsed = nowNanos - lastHeartbeatNanos;
        double mean = meanNanos() + acceptablePauseNanos;
        double y = (elapsed - mean) / stdDeviationNanos();
        // A logistic approximation of the normal distribution's tail (Bowling et al. 2009), as in Akka;
        // unlike 1 - CDF computed directly it does not round to 0 for large y.
        double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
        double phi = elapsed > mean ? -Math.log10(e / (1.0 + e)) : -Math.log10(1.0 - 1.0 / (1.0 + e));
        return Double.isInfinite(phi) ? Double.MAX_VALUE : Math.max(0, phi);
    }
}
