package chorus.core.node;

import static java.util.Objects.requireNonNull;

import chorus.api.ConsistencyLevel;

/**
 * A namespace of keys with its own replication factor and default consistency levels (D3). The
 * keyspace named {@value #DEFAULT_NAME} always exists.
 */
public record Keyspace(String name, int replicationFactor, ConsistencyLevel defaultRead, ConsistencyLevel defaultWrite) {
    public static final String DEFAULT_NAME = "default";
    public static final int REPLICATION_FACTOR_MAX = 9;

    public Keyspace {
        requireNonNull(name, "name is null");
        requireNonNull(defaultRead, "defaultRead is null");
        requireNonNull(defaultWrite, "defaultWrite is null");
        if (!name.matches("[A-Za-z0-9_\\-]{1,48}")) {
            throw new IllegalArgumentException("keyspace name '" + name + "' is invalid (expected: 1-48 of A-Z a-z 0-9 _ -)");
        }
        if (replicationFactor < 1 || replicationFactor > REPLICATION_FACTOR_MAX) {
            throw new IllegalArgumentException("replication factor " + replicationFactor + " of keyspace " + name
                    + " is invalid (expected: 1.." + REPLICATION_FACTOR_MAX + ")");
        }
    }

    public static Keyspace defaultKeyspace(int replicationFactor) {
        return new Keyspace(DEFAULT_NAME, replicationFactor, ConsistencyLevel.QUORUM, ConsistencyLevel.QUORUM);
    }
}
