package chorus.core.model;

/**
 * A hybrid logical clock reading (DESIGN.md D4): physical milliseconds in the high 48 bits and a
 * logical counter in the low 16, with the issuing node's id to break ties. Timestamps are totally
 * ordered, so last-write-wins picks the same winner on every replica.
 */
public record Timestamp(long time, int node) implements Comparable<Timestamp> {
    public static final int LOGICAL_BITS = 16;
    /** Older than every real timestamp: "never", as in a row that was never deleted. */
    public static final Timestamp MIN = new Timestamp(0, 0);
    /**
     * What a client's mutation carries before its coordinator stamps it: every part of the row
     * stamped with this (including a key tombstone) gets the coordinator's one clock reading.
     */
    public static final Timestamp PLACEHOLDER = new Timestamp(1, 0);

    public Timestamp {
        if (time < 0 || node < 0) {
            throw new IllegalArgumentException("timestamp " + time + "/" + node + " is negative");
        }
    }

    public static Timestamp ofMillis(long physicalMillis, int logical, int node) {
        return new Timestamp((physicalMillis << LOGICAL_BITS) | logical, node);
    }

    public long physicalMillis() {
        return time >>> LOGICAL_BITS;
    }

    public boolean isAfter(Timestamp other) {
        return compareTo(other) > 0;
    }

    public static Timestamp max(Timestamp a, Timestamp b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(Timestamp other) {
        int byTime = Long.compare(time, other.time);
        return byTime != 0 ? byTime : Integer.compare(node, other.node);
    }

    @Override
    public String toString() {
        return physicalMillis() + "." + (time & ((1 << LOGICAL_BITS) - 1)) + "@n" + node;
    }
}
