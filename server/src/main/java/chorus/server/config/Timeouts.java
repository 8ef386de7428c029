package chorus.server.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long a node waits, and how often it speaks.
 *
 * @param writeTimeout      a coordinator's wait for write acknowledgements
 * @param readTimeout       a coordinator's wait for read responses
 * @param heartbeatInterval how often a node tells its peers it is alive
 * @param failureTimeout    silence after which a peer is considered down
 */
public record Timeouts(Duration writeTimeout, Duration readTimeout, Duration heartbeatInterval, Duration failureTimeout) {
    public Timeouts {
        requireNonNull(writeTimeout, "writeTimeout is null");
        requireNonNull(readTimeout, "readTimeout is null");
        requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        requireNonNull(failureTimeout, "failureTimeout is null");
    }
}
