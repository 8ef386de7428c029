package chorus.core.node;

import static java.util.Objects.requireNonNull;

import chorus.core.topology.Member;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the protocol logic of a node is told at start. Limits and timeouts are here so the
 * simulator can vary them within their valid ranges.
 *
 * @param members           the cluster's members, including this node
 * @param keyspaces         keyspaces besides which {@code default} is created if absent
 * @param writeTimeout      how long a coordinator waits for write acknowledgements
 * @param readTimeout       how long a coordinator waits for read responses
 * @param pendingMax        the most client operations a node coordinates at once
 * @param heartbeatInterval how often a node gossips its heartbeat to a few peers
 * @param failureTimeout    silence after which a peer is down even if its phi is still below threshold
 * @param deliberateBugs    for checker tests only: behaviours known to be wrong ({@link DeliberateBug})
 * @param healing           failure detection, hints and repair ({@link HealingConfig})
 */
public record NodeConfig(List<Member> members, List<Keyspace> keyspaces, Duration writeTimeout, Duration readTimeout,
                         Duration heartbeatInterval, Duration failureTimeout, int pendingMax,
                         Set<DeliberateBug> deliberateBugs, HealingConfig healing) {
    /** With the default {@link HealingConfig}. */
    public NodeConfig(List<Member> members, List<Keyspace> keyspaces, Duration writeTimeout, Duration readTimeout,
                      Duration heartbeatInterval, Duration failureTimeout, int pendingMax,
                      Set<DeliberateBug> deliberateBugs) {
        this(members, keyspaces, writeTimeout, readTimeout, heartbeatInterval, failureTimeout, pendingMax, deliberateBugs,
                HealingConfig.defaults());
    }

    public NodeConfig {
        requireNonNull(healing, "healing is null");
        members = List.copyOf(requireNonNull(members, "members is null"));
        keyspaces = List.copyOf(requireNonNull(keyspaces, "keyspaces is null"));
        requireNonNull(writeTimeout, "writeTimeout is null");
        requireNonNull(readTimeout, "readTimeout is null");
        requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        requireNonNull(failureTimeout, "failureTimeout is null");
        deliberateBugs = deliberateBugs.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(deliberateBugs));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one member");
        }
        if (members.stream().map(Member::id).distinct().count() != members.size()) {
            throw new IllegalArgumentException("member ids must be distinct: " + members);
        }
        if (pendingMax < 1) {
            throw new IllegalArgumentException("pendingMax " + pendingMax + " is invalid (expected: >= 1)");
        }
        if (failureTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("failureTimeout " + failureTimeout + " must exceed heartbeatInterval "
                    + heartbeatInterval);
        }
    }

    public static NodeConfig defaults(List<Member> members) {
        return new NodeConfig(members, List.of(Keyspace.defaultKeyspace(3)), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofSeconds(10), 10_000, Set.of());
    }

    public NodeConfig withKeyspaces(List<Keyspace> newKeyspaces) {
        return new NodeConfig(members, newKeyspaces, writeTimeout, readTimeout, heartbeatInterval, failureTimeout,
                pendingMax, deliberateBugs, healing);
    }

    public NodeConfig withDeliberateBugs(Set<DeliberateBug> bugs) {
        return new NodeConfig(members, keyspaces, writeTimeout, readTimeout, heartbeatInterval, failureTimeout,
                pendingMax, bugs, healing);
    }

    public NodeConfig withHealing(HealingConfig newHealing) {
        return new NodeConfig(members, keyspaces, writeTimeout, readTimeout, heartbeatInterval, failureTimeout,
                pendingMax, deliberateBugs, newHealing);
    }

    public boolean has(DeliberateBug bug) {
        return deliberateBugs.contains(bug);
    }
}
