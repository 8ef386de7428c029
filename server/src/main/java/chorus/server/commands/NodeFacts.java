package chorus.server.commands;

import static java.util.Objects.requireNonNull;

import chorus.server.config.ChorusConfig;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What INFO and CHORUS STATUS report about the running node beyond the protocol core: its
 * configuration and process facts. The suppliers may be called from any thread.
 *
 * @param config           the node's configuration
 * @param runId            random per process start, as Redis's run_id
 * @param startedNanos     {@link System#nanoTime()} at start, for uptime
 * @param connectedClients open RESP connections now
 * @param keysEstimate     keys this node stores (an estimate), or -1 when unknown
 * @param storageCounters  what storage has done so far, or {@link StorageCounters#UNKNOWN}
 */
public record NodeFacts(ChorusConfig config, String runId, long startedNanos, IntSupplier connectedClients,
                        LongSupplier keysEstimate, Supplier<StorageCounters> storageCounters) {
    public static final String CHORUS_VERSION = "0.1.0";
    /** Many clients gate features on the Redis version; Chorus answers like Redis 7.2. */
    public static final String REDIS_VERSION = "7.2.0";

    public NodeFacts {
        requireNonNull(config, "config is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(connectedClients, "connectedClients is null");
        requireNonNull(keysEstimate, "keysEstimate is null");
        requireNonNull(storageCounters, "storageCounters is null");
    }
}
