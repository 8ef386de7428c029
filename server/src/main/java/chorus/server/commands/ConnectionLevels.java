package chorus.server.commands;

import chorus.api.ConsistencyLevel;
import chorus.resp.Connection;
import chorus.resp.ConnectionAttribute;
import chorus.server.config.ChorusConfig;

/**
 * The consistency levels a connection chose with CONSISTENCY. Unset (null) means the node's
 * configured defaults, so changing the defaults in the configuration affects every connection that
 * has not chosen.
 */
final class ConnectionLevels {
    static final ConnectionAttribute<ConsistencyLevel> READ = ConnectionAttribute.of("read-consistency", null);
    static final ConnectionAttribute<ConsistencyLevel> WRITE = ConnectionAttribute.of("write-consistency", null);

    private ConnectionLevels() {
    }

    /** The level of this connection's reads: its choice, or the configured default. */
    static ConsistencyLevel read(Connection connection, ChorusConfig config) {
        ConsistencyLevel chosen = connection.get(READ);
        return chosen != null ? chosen : config.defaultRead();
    }

    /** The level of this connection's writes: its choice, or the configured default. */
    static ConsistencyLevel write(Connection connection, ChorusConfig config) {
        ConsistencyLevel chosen = connection.get(WRITE);
        return chosen != null ? chosen : config.defaultWrite();
    }
}
