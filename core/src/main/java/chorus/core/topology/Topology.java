package chorus.core.topology;

import static java.util.Objects.requireNonNull;

import chorus.core.model.RowKey;
import chorus.core.node.Keyspace;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster as this node sees it: members, keyspaces, and which replicas hold each key. One slot
 * table is computed per distinct replication factor; all keyspaces with that factor share it.
 */
public final class Topology {
    private final List<Member> members;
    private final Map<String, Keyspace> keyspaces = new LinkedHashMap<>();
    private final Map<Integer, SlotTable> tablesByReplicationFactor = new HashMap<>();

    public Topology(List<Member> members, List<Keyspace> keyspaces) {
        this.members = List.copyOf(requireNonNull(members, "members is null"));
        for (Keyspace keyspace : keyspaces) {
            this.keyspaces.put(keyspace.name(), keyspace);
        }
        this.keyspaces.putIfAbsent(Keyspace.DEFAULT_NAME, Keyspace.defaultKeyspace(Math.min(3, members.size())));
    }

    public List<Member> members() {
        return members;
    }

    public Optional<Member> member(NodeId id) {
        return members.stream().filter(member -> member.id().equals(id)).findFirst();
    }

    public Optional<Keyspace> keyspace(String name) {
        return Optional.ofNullable(keyspaces.get(name));
    }

    public List<Keyspace> keyspaces() {
        return List.copyOf(keyspaces.values());
    }

    /** The slot table for {@code keyspace}'s replication factor. */
    public SlotTable slotTable(Keyspace keyspace) {
        return tablesByReplicationFactor.computeIfAbsent(keyspace.replicationFactor(),
                factor -> SlotAssignment.assign(members, factor));
    }

    /** The replicas of {@code key}, preferred first; the keyspace must exist. */
    public List<NodeId> replicas(Keyspace keyspace, RowKey key) {
        return slotTable(keyspace).replicas(key.slot());
    }
}
