package chorus.core.time;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Timestamp;
import chorus.core.port.Clock;
import chorus.core.topology.NodeId;

/**
 * Issues strictly increasing timestamps that follow the wall clock when it moves forward and never
 * go backwards when it jumps back (Kulkarni et al., "Logical Physical Clocks", 2014). Every
 * timestamp this node sees from a peer is {@link #observe observed}, so a write that causally
 * follows another gets a larger timestamp even when the two nodes' clocks disagree.
 */
public final class HybridLogicalClock {
    private final Clock clock;
    private final int node;
    private long last;

    public HybridLogicalClock(Clock clock, NodeId self) {
        this.clock = requireNonNull(clock, "clock is null");
        this.node = self.value();
    }

    public Timestamp now() {
        long physical = clock.wallMillis() << Timestamp.LOGICAL_BITS;
        last = Math.max(last + 1, physical);
        return new Timestamp(last, node);
    }

    /** Moves this clock past {@code seen}, so the next {@link #now} is later than it. */
    public void observe(Timestamp seen) {
        last = Math.max(last, seen.time());
    }

    /** The last issued or observed reading, without advancing. */
    public long lastTime() {
        return last;
    }
}
