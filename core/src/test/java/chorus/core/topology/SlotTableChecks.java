package chorus.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contract of {@link SlotAssignment}, checked from the outside: each check recomputes what
 * it needs from the table and the members, without the assignment's own helpers.
 */
final class SlotTableChecks {
    private SlotTableChecks() {
    }

    static Member member(int id, String rack) {
        return new Member(NodeId.of(id), "127.0.0." + id + ":7000", "127.0.0." + id + ":6379", rack);
    }

    /** Members n1..n{count} on the default rack. */
    static List<Member> members(int count) {
        List<Member> members = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            members.add(member(id, Member.DEFAULT_RACK));
        }
        return members;
    }

    /** Members n1..n{racks.length}, node i on rack {@code racks[i - 1]}. */
    static List<Member> members(String... racks) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < racks.length; i++) {
            members.add(member(i + 1, racks[i]));
        }
        return members;
    }

    /** Every rule of the contract. */
    static void assertWellFormed(SlotTable table, List<Member> members, int replicationFactor) {
        assertReplicaCounts(table, members, replicationFactor);
        assertEvenRackSpread(table);
        assertBalancedLoads(table);
        assertBalancedPreferred(table);
    }

    static void assertReplicaCounts(SlotTable table, List<Member> members, int replicationFactor) {
        int width = Math.min(replicationFactor, members.size());
        assertThat(table.replicasPerSlot()).isEqualTo(width);
        assertThat(table.members()).containsExactlyInAnyOrderElementsOf(members);
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            List<NodeId> replicas = table.replicas(slot);
            if (replicas.size() != width || replicas.stream().distinct().count() != width) {
                assertThat(replicas).as("slot %s", slot).hasSize(width).doesNotHaveDuplicates();
            }
        }
    }

    /**
     * A rack holds two more replicas of a slot than another rack only if that other rack has no
     * node left to give. With at least as many racks as replicas, that means distinct racks.
     */
    static void assertEvenRackSpread(SlotTable table) {
        Shape shape = new Shape(table);
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            int[] count = shape.rackCounts(table, slot);
            if (!shape.isEven(count)) {
                fail("slot %s has replicas %s, per rack %s %s: unevenly spread", slot, table.replicas(slot),
                        shape.racks, Arrays.toString(count));
            }
        }
    }

    /** With at least as many racks as replicas per slot, no slot has two replicas on one rack. */
    static void assertDistinctRacksWhereFeasible(SlotTable table) {
        Shape shape = new Shape(table);
        if (shape.racks.size() < table.replicasPerSlot()) {
            return;
        }
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            int most = Arrays.stream(shape.rackCounts(table, slot)).max().orElse(0);
            if (most > 1) {
                assertThat(most).as("replicas of slot %s on one rack: %s", slot, table.replicas(slot))
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    /**
     * Loads differ by at most one within a rack. Across racks they differ by two or more only
     * where the racks force it: the lighter node's rack is full (no slot could take one more
     * replica there and stay evenly spread) or the heavier node's rack is forced (no slot could
     * take one replica away from it and stay evenly spread).
     */
    static void assertBalancedLoads(SlotTable table) {
        Map<NodeId, Integer> loads = table.slotCounts();
        if (isEven(table)) {
            return;
        }
        Shape shape = new Shape(table);
        boolean[] full = new boolean[shape.racks.size()];
        boolean[] forced = new boolean[shape.racks.size()];
        for (int rack = 0; rack < full.length; rack++) {
            full[rack] = shape.isFull(table, rack);
            forced[rack] = shape.isForced(table, rack);
        }
        for (Member heavy : table.members()) {
            for (Member light : table.members()) {
                int difference = loads.get(heavy.id()) - loads.get(light.id());
                if (difference < 2) {
                    continue;
                }
                assertThat(heavy.rack()).as("%s holds %s slots, %s of the same rack %s", heavy.id(),
                        loads.get(heavy.id()), light.id(), loads.get(light.id())).isNotEqualTo(light.rack());
                assertThat(full[shape.racks.indexOf(light.rack())] || forced[shape.racks.indexOf(heavy.rack())])
                        .as("%s holds %s slots, %s holds %s; loads %s", heavy.id(), loads.get(heavy.id()),
                                light.id(), loads.get(light.id()), loads)
                        .isTrue();
            }
        }
    }

    /** Every node is the first replica of COUNT / n slots, or one more. */
    static void assertBalancedPreferred(SlotTable table) {
        Map<NodeId, Integer> first = preferredCounts(table);
        int low = Slots.COUNT / table.members().size();
        int high = Slots.COUNT % table.members().size() == 0 ? low : low + 1;
        assertThat(first.values()).as("first-replica counts %s", first).allSatisfy(
                count -> assertThat(count).isBetween(low, high));
    }

    static Map<NodeId, Integer> preferredCounts(SlotTable table) {
        Map<NodeId, Integer> first = new TreeMap<>();
        for (Member member : table.members()) {
            first.put(member.id(), 0);
        }
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            first.merge(table.preferred(slot), 1, Integer::sum);
        }
        return first;
    }

    /** The share of {@code after}'s (slot, node) pairs that {@code before} lacks: data to stream. */
    static double movedFraction(SlotTable before, SlotTable after) {
        long moved = 0;
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            for (NodeId node : after.replicas(slot)) {
                if (!before.isReplica(slot, node)) {
                    moved++;
                }
            }
        }
        return (double) moved / ((long) Slots.COUNT * after.replicasPerSlot());
    }

    /** Whether all loads are within one of each other, i.e. the racks constrained nothing. */
    static boolean isEven(SlotTable table) {
        Map<NodeId, Integer> loads = table.slotCounts();
        return Collections.max(loads.values()) - Collections.min(loads.values()) <= 1;
    }

    /** Racks by name, with their sizes. */
    private static final class Shape {
        final List<String> racks;
        final int[] size;
        final Map<NodeId, Integer> rackOf = new TreeMap<>();

        Shape(SlotTable table) {
            Map<String, Integer> sizes = new TreeMap<>();
            for (Member member : table.members()) {
                sizes.merge(member.rack(), 1, Integer::sum);
            }
            racks = List.copyOf(sizes.keySet());
            size = sizes.values().stream().mapToInt(Integer::intValue).toArray();
            for (Member member : table.members()) {
                rackOf.put(member.id(), racks.indexOf(member.rack()));
            }
        }

        int[] rackCounts(SlotTable table, int slot) {
            int[] count = new int[racks.size()];
            for (NodeId node : table.replicas(slot)) {
                count[rackOf.get(node)]++;
            }
            return count;
        }

        boolean isEven(int[] count) {
            for (int high = 0; high < count.length; high++) {
                for (int low = 0; low < count.length; low++) {
                    if (count[high] >= count[low] + 2 && count[low] < size[low]) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** No slot can swap a replica from another rack onto {@code rack} and stay even. */
        boolean isFull(SlotTable table, int rack) {
            for (int slot = 0; slot < Slots.COUNT; slot++) {
                int[] count = rackCounts(table, slot);
                for (int other = 0; other < count.length; other++) {
                    if (other != rack && count[other] > 0 && count[rack] < size[rack]
                            && staysEven(count, other, rack)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** No slot can swap a replica from {@code rack} onto another rack and stay even. */
        boolean isForced(SlotTable table, int rack) {
            for (int slot = 0; slot < Slots.COUNT; slot++) {
                int[] count = rackCounts(table, slot);
                for (int other = 0; other < count.length; other++) {
                    if (other != rack && count[rack] > 0 && count[other] < size[other]
                            && staysEven(count, rack, other)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean staysEven(int[] count, int from, int to) {
            int[] swapped = count.clone();
            swapped[from]--;
            swapped[to]++;
            return isEven(swapped);
        }
    }
}
