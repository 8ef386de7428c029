package chorus.sim;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Simulated time and one queue of events, drained by one thread (D1). Events are ordered by
 * (time, sequence number): the sequence number breaks ties in scheduling order, so a run is a
 * pure function of its seed. Every source of randomness is split from the seed's generator.
 */
public final class Simulation {
    private final long seed;
    private final SplittableRandom random;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long nowNanos;
    private long nextSequence;
    private long eventsRun;

    private record Event(long timeNanos, long sequence, Runnable task) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(timeNanos, other.timeNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    public Simulation(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    public long nowNanos() {
        return nowNanos;
    }

    public long eventsRun() {
        return eventsRun;
    }

    /** A new independent stream: adding a consumer never shifts the numbers another one sees. */
    public SplittableRandom newRandomStream() {
        return random.split();
    }

    public void schedule(long delayNanos, Runnable task) {
        queue.add(new Event(nowNanos + Math.max(0, delayNanos), nextSequence++, task));
    }

    /** Runs events until {@code done} holds or simulated time passes {@code untilNanos}. */
    public void runUntil(BooleanSupplier done, long untilNanos) {
        while (!done.getAsBoolean()) {
            Event next = queue.peek();
            if (next == null || next.timeNanos > untilNanos) {
                nowNanos = Math.max(nowNanos, untilNanos);
                return;
            }
            queue.poll();
            nowNanos = next.timeNanos;
            eventsRun++;
            next.task.run();
        }
    }

    public void runFor(long durationNanos) {
        runUntil(() -> false, nowNanos + durationNanos);
    }
}
