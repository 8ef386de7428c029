package chorus.transport;

import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code min} to {@code max}, each delay drawn uniformly from
 * its upper half ("equal jitter") so that nodes that lost a peer at the same moment do not
 * redial it in lockstep. Not thread-safe: used by one peer's event loop only.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private long nextMillis;

    Backoff(long minMillis, long maxMillis, RandomGenerator random) {
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.random = random;
        this.nextMillis = minMillis;
    }

    long nextDelayMillis() {
        long base = nextMillis;
        nextMillis = Math.min(maxMillis, base * 2);
        long half = base / 2;
        return base - half + random.nextLong(half + 1);
    }

    void reset() {
        nextMillis = minMillis;
    }
}
