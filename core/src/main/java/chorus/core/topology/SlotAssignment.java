package chorus.core.topology;

import java.util.ArrayList;
import java.util.List;

/** Placeholder round-robin assignment; replaced by the balanced, minimal-movement one. */
public final class SlotAssignment {
    private SlotAssignment() {
    }

    public static SlotTable assign(List<Member> members, int replicationFactor) {
        int width = Math.min(replicationFactor, members.size());
        List<List<NodeId>> slots = new ArrayList<>();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            List<NodeId> replicas = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                replicas.add(members.get((slot + i) % members.size()).id());
            }
            slots.add(replicas);
        }
        return SlotTable.of(members, slots);
    }
}
