package chorus.sim;

import chorus.core.port.Clock;

/**
 * One node's clocks. Monotonic time is simulated time; wall time is simulated time plus this
 * node's skew, which the nemesis changes (a jump forward or back, as NTP or an operator can cause).
 */
final class SimClock implements Clock {
    /** 2026-01-01T00:00:00Z: wall clocks start at a realistic epoch so timestamps look real. */
    static final long EPOCH_MILLIS = 1_767_225_600_000L;

    private final Simulation simulation;
    private long skewMillis;

    SimClock(Simulation simulation, long skewMillis) {
        this.simulation = simulation;
        this.skewMillis = skewMillis;
    }

    @Override
    public long monotonicNanos() {
        return simulation.nowNanos();
    }

    @Override
    public long wallMillis() {
        return Math.max(0, EPOCH_MILLIS + simulation.nowNanos() / 1_000_000 + skewMillis);
    }

    void jump(long deltaMillis) {
        skewMillis += deltaMillis;
    }

    long skewMillis() {
        return skewMillis;
    }
}
