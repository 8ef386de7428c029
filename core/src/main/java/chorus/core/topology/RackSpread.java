package chorus.core.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape {@link SlotAssignment} places replicas into: the members numbered 0..n-1 in
 * {@link NodeId} order, their racks numbered 0..r-1 in name order, how many replicas of one slot
 * each rack may hold, and how many slots each node should replicate. Numbering by id and by name
 * keeps every loop over nodes or racks in a fixed order, whatever order the caller listed members in.
 *
 * <p>A slot's replicas are spread over the racks as evenly as the racks' sizes allow. Let
 * {@code c} be the smallest number such that racks holding at most {@code c} replicas each can hold
 * them all. A rack of size {@code s} then holds between {@code min(s, c - 1)} and
 * {@code min(s, c)} replicas of every slot. With at least as many racks as replicas, {@code c} is
 * 1 and every replica is on its own rack (Cassandra's NetworkTopologyStrategy). With fewer racks,
 * no rack holds two more replicas of a slot than another rack that still has a node to spare.
 */
final class RackSpread {
    final List<Member> members;
    final int nodeCount;
    final int rackCount;
    final int replicasPerSlot;
    final int[] rackOf;
    final int[] rackSize;
    final int[] minPerSlot;
    final int[] maxPerSlot;
    /** Only looked up, never iterated. */
    private final Map<NodeId, Integer> indexById;

    private RackSpread(List<Member> sortedMembers, int replicationFactor) {
        members = List.copyOf(sortedMembers);
        nodeCount = members.size();
        replicasPerSlot = Math.min(replicationFactor, nodeCount);
        indexById = new HashMap<>();
        for (int node = 0; node < nodeCount; node++) {
            indexById.put(members.get(node).id(), node);
        }
        Map<String, Integer> rackIndex = new TreeMap<>();
        for (Member member : members) {
            rackIndex.put(member.rack(), 0);
        }
        int next = 0;
        for (Map.Entry<String, Integer> entry : rackIndex.entrySet()) {
            entry.setValue(next++);
        }
        rackCount = rackIndex.size();
        rackOf = new int[nodeCount];
        rackSize = new int[rackCount];
        for (int node = 0; node < nodeCount; node++) {
            rackOf[node] = rackIndex.get(members.get(node).rack());
            rackSize[rackOf[node]]++;
        }
        minPerSlot = new int[rackCount];
        maxPerSlot = new int[rackCount];
        int spread = evenSpread();
        for (int rack = 0; rack < rackCount; rack++) {
            minPerSlot[rack] = Math.min(rackSize[rack], spread - 1);
            maxPerSlot[rack] = Math.min(rackSize[rack], spread);
        }
    }

    /** Validates the inputs of {@link SlotAssignment}: they are the caller's, so errors are theirs. */
    static RackSpread of(List<Member> members, int replicationFactor) {
        if (members == null) {
            throw new NullPointerException("members is null");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor " + replicationFactor
                    + " is invalid (expected: >= 1)");
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members is empty; slots need at least one member to live on");
        }
        List<Member> sorted = new ArrayList<>(members.size());
        for (Member member : members) {
            if (member == null) {
                throw new NullPointerException("members contains null");
            }
            sorted.add(member);
        }
        sorted.sort(Comparator.comparing(Member::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException("members lists node " + sorted.get(i).id()
                        + " more than once; node ids must be unique");
            }
        }
        return new RackSpread(sorted, replicationFactor);
    }

    /** The node's number, or -1 if it is not a member. */
    int indexOf(NodeId id) {
        Integer index = indexById.get(id);
        return index == null ? -1 : index;
    }

    NodeId idOf(int node) {
        return members.get(node).id();
    }

    /** The smallest per-rack limit at which the racks can hold all replicas of one slot. */
    private int evenSpread() {
        for (int limit = 1; ; limit++) {
            int room = 0;
            for (int size : rackSize) {
                room += Math.min(size, limit);
            }
            if (room >= replicasPerSlot) {
                return limit;
            }
        }
    }

    /**
     * How many slots each node should replicate: as equal as the racks allow (water-filling). Every
     * node gets {@code level} or {@code level + 1}, except in racks whose per-slot bounds force
     * more or fewer. Where the total leaves a remainder, the extra slot goes to the nodes that
     * hold the most now ({@code current}), so that reaching the targets moves as little as possible.
     */
    int[] loadTargets(int[] current) {
        long total = (long) Slots.COUNT * replicasPerSlot;
        int level = highestLevelWithin(total);
        long[] rackTotal = new long[rackCount];
        long[] room = new long[rackCount];
        long remaining = total;
        for (int rack = 0; rack < rackCount; rack++) {
            rackTotal[rack] = rackLoad(rack, level);
            room[rack] = rackLoad(rack, level + 1) - rackTotal[rack];
            remaining -= rackTotal[rack];
        }
        for (int node : byDescending(current)) {
            int rack = rackOf[node];
            if (remaining > 0 && room[rack] > 0) {
                room[rack]--;
                rackTotal[rack]++;
                remaining--;
            }
        }
        if (remaining != 0) {
            throw new IllegalStateException("water-filling left " + remaining + " replicas without a node");
        }
        return splitWithinRacks(rackTotal, current);
    }

    private int[] splitWithinRacks(long[] rackTotal, int[] current) {
        int[] target = new int[nodeCount];
        long[] extra = new long[rackCount];
        for (int rack = 0; rack < rackCount; rack++) {
            extra[rack] = rackTotal[rack] % rackSize[rack];
        }
        for (int node : byDescending(current)) {
            int rack = rackOf[node];
            target[node] = (int) (rackTotal[rack] / rackSize[rack]);
            if (extra[rack] > 0) {
                target[node]++;
                extra[rack]--;
            }
        }
        return target;
    }

    /** The highest per-node level whose rack loads sum to at most {@code total} (binary search). */
    private int highestLevelWithin(long total) {
        int low = 0;
        int high = Slots.COUNT;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            long sum = 0;
            for (int rack = 0; rack < rackCount; rack++) {
                sum += rackLoad(rack, middle);
            }
            if (sum <= total) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /** A rack's total load if each node took {@code level}, clamped to its per-slot bounds. */
    private long rackLoad(int rack, int level) {
        long wanted = (long) rackSize[rack] * level;
        long floor = (long) Slots.COUNT * minPerSlot[rack];
        long ceiling = (long) Slots.COUNT * maxPerSlot[rack];
        return Math.max(floor, Math.min(ceiling, wanted));
    }

    /** Node numbers by {@code count} descending, then by id: who keeps a remainder. */
    private int[] byDescending(int[] count) {
        Integer[] order = new Integer[nodeCount];
        for (int node = 0; node < nodeCount; node++) {
            order[node] = node;
        }
        Arrays.sort(order, (a, b) -> count[a] != count[b] ? Integer.compare(count[b], count[a])
                : Integer.compare(a, b));
        int[] result = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            result[i] = order[i];
        }
        return result;
    }
}
