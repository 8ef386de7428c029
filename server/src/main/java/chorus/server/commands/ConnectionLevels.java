package chorus.server.commands;

import chorus.api.ConsistencyLevel;
import chorus.resp.ConnectionAttribute;

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
}
