package chorus.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-slot Merkle roots several nodes reported (CHORUS DIGEST), and which slots' replicas
 * disagree. A slot is compared between the nodes that reported it, which are its replicas.
 */
final class SlotRoots {
    /** Slot, then node id, then root (hex, or {@code error} when the node could not scan the slot). */
    private final Map<Integer, Map<String, String>> roots = new TreeMap<>();
    private final Map<Integer, Map<String, Long>> rows = new TreeMap<>();
    /** Node id to {slots reported, rows in them, bytes of those rows}. */
    private final Map<String, long[]> perNode = new TreeMap<>();

    /** Adds the {@code slots} field of one CHORUS DIGEST reply: a list of [slot, root, rows, bytes]. */
    void add(String node, Object slots) {
        long[] totals = perNode.computeIfAbsent(node, ignored -> new long[3]);
        if (!(slots instanceof List<?> list)) {
            return;
        }
        for (Object item : list) {
            if (item instanceof List<?> entry && entry.size() == 4 && entry.get(0) instanceof Long slot
                    && entry.get(2) instanceof Long count && entry.get(3) instanceof Long bytes) {
                roots.computeIfAbsent(slot.intValue(), ignored -> new TreeMap<>()).put(node, String.valueOf(entry.get(1)));
                rows.computeIfAbsent(slot.intValue(), ignored -> new TreeMap<>()).put(node, count);
                totals[0]++;
                totals[1] += count;
                totals[2] += bytes;
            }
        }
    }

    String nodes() {
        return String.join(", ", perNode.keySet());
    }

    Map<String, long[]> perNode() {
        return perNode;
    }

    /** Slots reported by at least two nodes: those a comparison says something about. */
    int compared() {
        return (int) roots.values().stream().filter(byNode -> byNode.size() >= 2).count();
    }

    /** Slots whose reporting nodes do not all have the same root, or where a node could not compute one. */
    List<Integer> disagreeing() {
        List<Integer> slots = new ArrayList<>();
        roots.forEach((slot, byNode) -> {
            if (byNode.values().stream().distinct().count() > 1 || byNode.containsValue("error")) {
                slots.add(slot);
            }
        });
        return slots;
    }

    /** One slot's roots per node, for the operator: {@code n1 0a1b... (12 rows), n2 ...}. */
    String describe(int slot) {
        List<String> parts = new ArrayList<>();
        roots.get(slot).forEach((node, root) -> parts.add(node + " " + root + " (" + rows.get(slot).get(node) + " rows)"));
        return String.join(", ", parts);
    }
}
