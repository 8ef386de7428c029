package chorus.api;

import java.util.Locale;
import java.util.Optional;

/**
 * How many replicas must take part in a request before it is answered (DESIGN.md D3).
 *
 * <p>With QUORUM for both reads and writes, every read overlaps every acknowledged write, so a
 * client reads its own writes through any node. SERIAL runs through Paxos (D6).
 */
public enum ConsistencyLevel {
    ONE,
    QUORUM,
    ALL,
    SERIAL;

    /** Replicas that must answer, out of {@code replicationFactor}. */
    public int required(int replicationFactor) {
        return switch (this) {
            case ONE -> 1;
            case QUORUM, SERIAL -> replicationFactor / 2 + 1;
            case ALL -> replicationFactor;
        };
    }

    public static Optional<ConsistencyLevel> parse(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
