package chorus.server.config;

import static java.util.Objects.requireNonNull;

import chorus.api.ConsistencyLevel;
import chorus.core.node.DeliberateBug;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything one node is configured with, validated: built by {@link ConfigLoader} from a YAML file
 * and command-line flags. Each setting is described, with its default, in {@link Settings} (which
 * also produces {@code docs/configuration.md} and {@code --help}).
 *
 * @param nodeId               this node's id, stable for the life of its data directory
 * @param listenHost           the address this node listens on and dials peers from (internode, D9)
 * @param internodePort        the internode port
 * @param clientHost           the address Redis clients connect to
 * @param clientPort           the RESP port
 * @param httpPort             reserved for the HTTP front door; 0 means off
 * @param dataDir              where the node keeps its RocksDB files
 * @param members              the static list of cluster members, this node included
 * @param replicationFactor    the default keyspace's replication factor as configured (see
 *                             {@link #effectiveReplicationFactor()})
 * @param defaultRead          the read level of a connection that has not chosen one
 * @param defaultWrite         the write level of a connection that has not chosen one
 * @param syncMode             when writes are made durable (D5)
 * @param syncPeriod           the fsync interval in {@link SyncMode#PERIODIC} mode
 * @param timeouts             coordinator and failure-detector timing
 * @param limits               per-client limits
 * @param maxPendingOperations the most client operations this node coordinates at once
 * @param allowFlush           whether FLUSHALL and FLUSHDB may delete every key
 * @param hints                how long hints are kept for a down replica, and how many bytes of them may
 *                             wait for storage
 * @param repairInterval       how often scheduled background repair runs; zero means never
 * @param readAndPurge         speculative retry of reads and the tombstone grace period
 * @param recentRowsBytes      heap for the storage's table of recent rows; 0 means auto (a quarter
 *                             of the heap, at most the table's default size)
 */
public record ChorusConfig(NodeId nodeId, String listenHost, int internodePort, String clientHost, int clientPort,
                           int httpPort, Path dataDir, List<Member> members, int replicationFactor,
                           ConsistencyLevel defaultRead, ConsistencyLevel defaultWrite, SyncMode syncMode,
                           Duration syncPeriod, Timeouts timeouts, Limits limits, int maxPendingOperations,
                           boolean allowFlush, Hints hints, Duration repairInterval,
                           ReadAndPurge readAndPurge, long recentRowsBytes) {
    public ChorusConfig {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(listenHost, "listenHost is null");
        requireNonNull(clientHost, "clientHost is null");
        requireNonNull(dataDir, "dataDir is null");
        members = List.copyOf(requireNonNull(members, "members is null"));
        requireNonNull(defaultRead, "defaultRead is null");
        requireNonNull(defaultWrite, "defaultWrite is null");
        requireNonNull(syncMode, "syncMode is null");
        requireNonNull(syncPeriod, "syncPeriod is null");
        requireNonNull(timeouts, "timeouts is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(hints, "hints is null");
        requireNonNull(repairInterval, "repairInterval is null");
        requireNonNull(readAndPurge, "readAndPurge is null");
        if (recentRowsBytes < 0) {
            throw new IllegalArgumentException("recentRowsBytes " + recentRowsBytes + " is negative");
        }
    }

    /** This node as a member of the cluster. */
    public Member self() {
        return members.stream().filter(member -> member.id().equals(nodeId)).findFirst().orElseThrow();
    }

    /**
     * The replication factor in use: the configured one, but never more than there are members
     * (D3: never more than the cluster can hold), so a one-node cluster works out of the box.
     */
    public int effectiveReplicationFactor() {
        return Math.min(replicationFactor, members.size());
    }

    /** What the protocol core is told. */
    public NodeConfig nodeConfig() {
        Keyspace keyspace = new Keyspace(Keyspace.DEFAULT_NAME, effectiveReplicationFactor(), defaultRead, defaultWrite);
        return new NodeConfig(members, List.of(keyspace), timeouts.writeTimeout(), timeouts.readTimeout(),
                timeouts.heartbeatInterval(), timeouts.failureTimeout(), maxPendingOperations, Set.<DeliberateBug>of(),
                readAndPurge.healing().withHintWindow(hints.window()).withPendingHintBytesMax(hints.maxPendingBytes())
                        .withRepairInterval(repairInterval));
    }
}
