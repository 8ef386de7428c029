package chorus.sim;

import java.util.SplittableRandom;

/**
 * How hostile one run is: rates of message loss, duplication and delay, of slow and failing disk
 * I/O, and how often the nemesis partitions, crashes and skews. Each seed draws its own plan
 * ("swarm testing": some runs get much of one fault, others none), and {@link #calm} turns every
 * fault off for the liveness phase.
 */
public final class FaultPlan {
    private double dropRate;
    private double duplicateRate;
    private long latencyNanos;
    private long jitterNanos;
    private double storageFailureRate;
    private double slowIoRate;
    private final double partitionWeight;
    private final double crashWeight;
    private final double clockWeight;
    private final long nemesisIntervalNanos;

    private FaultPlan(double dropRate, double duplicateRate, long latencyNanos, long jitterNanos, double storageFailureRate,
                      double slowIoRate, double partitionWeight, double crashWeight, double clockWeight,
                      long nemesisIntervalNanos) {
        this.dropRate = dropRate;
        this.duplicateRate = duplicateRate;
        this.latencyNanos = latencyNanos;
        this.jitterNanos = jitterNanos;
        this.storageFailureRate = storageFailureRate;
        this.slowIoRate = slowIoRate;
        this.partitionWeight = partitionWeight;
        this.crashWeight = crashWeight;
        this.clockWeight = clockWeight;
        this.nemesisIntervalNanos = nemesisIntervalNanos;
    }

    /** A plan drawn from {@code random}: every fault kind is on in some runs and off in others. */
    public static FaultPlan swarm(SplittableRandom random) {
        return new FaultPlan(
                pick(random, 0, 0.01, 0.05, 0.2),
                pick(random, 0, 0.01, 0.05),
                (long) pick(random, 50_000, 200_000, 1_000_000),
                (long) pick(random, 0, 1_000_000, 20_000_000, 100_000_000),
                pick(random, 0, 0, 0.001, 0.01),
                pick(random, 0, 0.001, 0.01),
                pick(random, 0, 1, 3),
                pick(random, 0, 1, 3),
                pick(random, 0, 1),
                (long) pick(random, 500_000_000, 2_000_000_000, 5_000_000_000L));
    }

    /** No faults at all: for scripted scenarios and for checking the checkers' baseline. */
    public static FaultPlan none() {
        return new FaultPlan(0, 0, 200_000, 0, 0, 0, 0, 0, 0, Long.MAX_VALUE);
    }

    private static double pick(SplittableRandom random, double... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Turns off every random fault; latency stays. */
    public void calm() {
        dropRate = 0;
        duplicateRate = 0;
        jitterNanos = Math.min(jitterNanos, 1_000_000);
        storageFailureRate = 0;
        slowIoRate = 0;
    }

    public double dropRate() {
        return dropRate;
    }

    public double duplicateRate() {
        return duplicateRate;
    }

    public long latencyNanos() {
        return latencyNanos;
    }

    public long jitterNanos() {
        return jitterNanos;
    }

    public double storageFailureRate() {
        return storageFailureRate;
    }

    public double slowIoRate() {
        return slowIoRate;
    }

    public double partitionWeight() {
        return partitionWeight;
    }

    public double crashWeight() {
        return crashWeight;
    }

    public double clockWeight() {
        return clockWeight;
    }

    public long nemesisIntervalNanos() {
        return nemesisIntervalNanos;
    }

    public FaultPlan withDropRate(double rate) {
        dropRate = rate;
        return this;
    }

    @Override
    public String toString() {
        return String.format("drop=%.3f dup=%.3f latency=%dus jitter=%dus ioFail=%.3f slowIo=%.3f partitions=%.0f"
                        + " crashes=%.0f clocks=%.0f nemesisEvery=%dms", dropRate, duplicateRate, latencyNanos / 1000,
                jitterNanos / 1000, storageFailureRate, slowIoRate, partitionWeight, crashWeight, clockWeight,
                nemesisIntervalNanos == Long.MAX_VALUE ? -1 : nemesisIntervalNanos / 1_000_000);
    }
}
