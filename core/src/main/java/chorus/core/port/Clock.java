package chorus.core.port;

/**
 * Time for one node. Production reads the system clocks; the simulator gives every node its own
 * skew, drift and jumps. Core code reads time only through this port (DESIGN.md D1).
 */
public interface Clock {
    /** For timeouts and failure detection. Never goes backwards; unrelated to wall time. */
    long monotonicNanos();

    /** Wall-clock milliseconds since the epoch, for timestamps and TTLs. May jump either way. */
    long wallMillis();
}
