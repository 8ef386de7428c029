package chorus.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection asks before sending a batch: the current phase, and in an operation-count
 * run how many requests are left. The orchestrating thread moves the phase forward; connections
 * only read it. Thread-safe.
 */
final class RunControl {
    /** The phases of a run, in order. A batch belongs to the phase in which it was sent. */
    enum Phase { WARMUP, MEASURE, STOPPING }

    private static final long UNLIMITED = -1;

    private volatile Phase phase;
    private volatile boolean aborted;
    private final AtomicLong remaining;

    /** @param operations requests allowed in the measured phase, or 0 for no limit (a timed run) */
    RunControl(boolean warmup, long operations) {
        this.phase = warmup ? Phase.WARMUP : Phase.MEASURE;
        this.remaining = new AtomicLong(operations > 0 ? operations : UNLIMITED);
    }

    Phase phase() {
        return phase;
    }

    void advance(Phase next) {
        if (next.ordinal() > phase.ordinal()) {
            phase = next;
        }
    }

    /** Stops every connection at once; requests still without a reply are counted as errors. */
    void abort() {
        aborted = true;
        phase = Phase.STOPPING;
    }

    boolean aborted() {
        return aborted;
    }

    /**
     * How many of {@code wanted} requests may be sent now in {@code current}: all of them while warming
     * up or in a timed run, what is left of the budget in an operation-count run, none when stopping.
     */
    int claim(int wanted, Phase current) {
        if (current == Phase.STOPPING) {
            return 0;
        }
        if (current == Phase.WARMUP) {
            return wanted;
        }
        while (true) {
            long left = remaining.get();
            if (left == UNLIMITED) {
                return wanted;
            }
            if (left == 0) {
                return 0;
            }
            int granted = (int) Math.min(wanted, left);
            if (remaining.compareAndSet(left, left - granted)) {
                return granted;
            }
        }
    }
}
