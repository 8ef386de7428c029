package chorus.server.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a coordinator keeps the writes a down replica missed (D8, docs/healing.md).
 *
 * @param window          how long hints are kept for a down replica; older ones are dropped undelivered
 * @param maxPendingBytes the most bytes of hints waiting for storage to make them durable; more are dropped
 */
public record Hints(Duration window, long maxPendingBytes) {
    public Hints {
        requireNonNull(window, "window is null");
    }
}
