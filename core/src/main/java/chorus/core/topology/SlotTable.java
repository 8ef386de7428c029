package chorus.core.topology;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of slot ownership: for every one of the {@link Slots#COUNT} slots, an
 * ordered list of distinct replicas. The first replica is the one clients should prefer (it is
 * what CLUSTER SLOTS reports as the master); the order matters for nothing else.
 *
 * <p>All slots have the same number of replicas, {@link #replicasPerSlot()}, which is
 * {@code min(replicationFactor, members)}.
 */
public final class SlotTable {
    private final List<Member> members;
    private final int replicasPerSlot;
    private final NodeId[] replicas; // slot * replicasPerSlot + index
    /**
     * The same, as one immutable list per slot, shared between slots with the same replicas (a
     * cluster has few distinct lists): every request asks for its slot's replicas, and building the
     * list each time was an allocation per request.
     */
    private final List<List<NodeId>> replicaLists;

    private SlotTable(List<Member> members, int replicasPerSlot, NodeId[] replicas) {
        this.members = List.copyOf(members);
        this.replicasPerSlot = replicasPerSlot;
        this.replicas = replicas;
        Map<List<NodeId>, List<NodeId>> distinct = new HashMap<>();
        List<List<NodeId>> lists = new ArrayList<>(Slots.COUNT);
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            int from = slot * replicasPerSlot;
            List<NodeId> list = List.of(Arrays.copyOfRange(replicas, from, from + replicasPerSlot));
            lists.add(distinct.computeIfAbsent(list, same -> same));
        }
        this.replicaLists = List.copyOf(lists);
    }

    /**
     * Builds a table from one replica list per slot. Checks that every slot has the same number of
     * distinct replicas and that every replica is a member.
     */
    public static SlotTable of(List<Member> members, List<List<NodeId>> replicasBySlot) {
        requireNonNull(members, "members is null");
        if (replicasBySlot.size() != Slots.COUNT) {
            throw new IllegalArgumentException("expected " + Slots.COUNT + " slots, got " + replicasBySlot.size());
        }
        int width = replicasBySlot.get(0).size();
        NodeId[] flat = new NodeId[Slots.COUNT * width];
        boolean[] isMember = new boolean[NodeId.MAX + 1];
        members.forEach(member -> isMember[member.id().value()] = true);
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            List<NodeId> list = replicasBySlot.get(slot);
            if (list.size() != width) {
                throw new IllegalArgumentException("slot " + slot + " has " + list.size() + " replicas; expected " + width);
            }
            for (int i = 0; i < width; i++) {
                NodeId replica = list.get(i);
                if (!isMember[replica.value()]) {
                    throw new IllegalArgumentException("slot " + slot + " names " + replica + ", not a member");
                }
                for (int j = 0; j < i; j++) {
                    if (list.get(j).equals(replica)) {
                        throw new IllegalArgumentException("slot " + slot + " names " + replica + " twice: " + list);
                    }
                }
                flat[slot * width + i] = replica;
            }
        }
        return new SlotTable(members, width, flat);
    }

    public List<Member> members() {
        return members;
    }

    public int replicasPerSlot() {
        return replicasPerSlot;
    }

    /** The replicas of {@code slot}, preferred first. */
    public List<NodeId> replicas(int slot) {
        return replicaLists.get(slot);
    }

    public NodeId preferred(int slot) {
        return replicas[slot * replicasPerSlot];
    }

    public boolean isReplica(int slot, NodeId node) {
        int from = slot * replicasPerSlot;
        for (int i = from; i < from + replicasPerSlot; i++) {
            if (replicas[i].equals(node)) {
                return true;
            }
        }
        return false;
    }

    /** How many slots each member replicates, in node order (members with none included). */
    public Map<NodeId, Integer> slotCounts() {
        Map<NodeId, Integer> counts = new TreeMap<>();
        for (Member member : members) {
            counts.put(member.id(), 0);
        }
        for (NodeId id : replicas) {
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    /** The slots {@code node} replicates, ascending. */
    public List<Integer> slotsOf(NodeId node) {
        List<Integer> slots = new ArrayList<>();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            if (isReplica(slot, node)) {
                slots.add(slot);
            }
        }
        return slots;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SlotTable that && replicasPerSlot == that.replicasPerSlot
                && members.equals(that.members) && Arrays.equals(replicas, that.replicas);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(replicas);
    }
}
