package chorus.server.node;

import chorus.resp.RespLimits;
import chorus.resp.RespServerConfig;
import chorus.server.config.ChorusConfig;
import chorus.server.config.Limits;
import java.net.BindException;

/** Translates the node's configuration into the RESP front door's. */
final class RespSettings {
    private RespSettings() {
    }

    /** The server's I/O threads are not set here: a node lends it its own event loop (ChorusNode). */
    static RespServerConfig of(ChorusConfig config) {
        Limits limits = config.limits();
        // One argument can be no larger than the whole request; the key and value limits are
        // checked per command, where the error can name the limit.
        RespLimits respLimits = RespLimits.defaults()
                .withMaxRequestBytes(limits.maxRequestSize())
                .withMaxBulkLength((int) Math.min(limits.maxRequestSize(), Integer.MAX_VALUE))
                .withMaxPendingRequests(limits.maxPipelined());
        return RespServerConfig.of(config.clientHost(), config.clientPort())
                .withLimits(respLimits)
                .withMaxConnections(limits.maxConnections())
                // Cluster-aware clients look at HELLO's mode; every Chorus node serves CLUSTER SLOTS and NODES.
                .withMode(RespServerConfig.Mode.CLUSTER);
    }

    /** One line for an operator: {@code 127.0.0.1:7001 is already in use}, or what else went wrong. */
    static String describeBindFailure(ChorusConfig config, Exception failure) {
        String address = config.clientHost() + ":" + config.clientPort();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof BindException || message.contains("in use")) {
                return message.contains("in use") ? address + " is already in use"
                        : "cannot listen on " + address + ": " + message;
            }
        }
        return failure.getMessage();
    }
}
