package chorus.core.topology;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Decides which members replicate each of the {@link Slots#COUNT} slots (DESIGN.md D2, D3).
 *
 * <p>Contract of every table returned:
 * <ul>
 *   <li>every slot has {@code min(replicationFactor, members)} distinct replicas;
 *   <li>with at least as many racks as replicas per slot, a slot's replicas are on distinct racks;
 *       with fewer racks, spread as evenly as the rack sizes allow: no rack holds two more
 *       replicas of a slot than another rack that still has a node to spare;
 *   <li>per-node replica counts differ by at most one, except where racks force otherwise: a rack
 *       too small for its share is then full (its nodes are in as many slots as the spread lets
 *       them be), and nodes of a rack that must take more than its share get it;
 *   <li>the number of slots whose first (preferred) replica is a node differs by at most one
 *       between nodes;
 *   <li>the result depends only on the arguments, not on their order, the JVM or the clock; the
 *       table lists its members by id.
 * </ul>
 *
 * <p>{@link #rebalance} additionally moves as few replicas as it can: it keeps every replica
 * that may stay and moves only what the new balance needs, so that adding or removing one node
 * of {@code n} moves about {@code 1/n} of the replicas. A change of rack layout can need far more:
 * a node on a new rack that makes distinct racks possible must join every slot. Preferred balance
 * is restored by reordering replicas within slots, which moves no data.
 *
 * <p>Pure and stateless: safe to call from any thread. For 50 nodes and three replicas a call
 * takes about 20 ms once the JIT has warmed up (a few hundred on a cold JVM).
 */
public final class SlotAssignment {
    private SlotAssignment() {
    }

    /**
     * A fresh assignment of every slot.
     *
     * @throws IllegalArgumentException if {@code replicationFactor < 1}, there are no members, or
     *     two members share a node id
     */
    public static SlotTable assign(List<Member> members, int replicationFactor) {
        RackSpread spread = RackSpread.of(members, replicationFactor);
        return complete(Placement.empty(spread));
    }

    /**
     * A balanced assignment for {@code members} that keeps as much of {@code previous} as it can.
     * Replicas on departed nodes are replaced, surplus replicas (a lower replication factor, or
     * too many on one rack) are dropped from the most loaded nodes, and then replicas move from
     * nodes above their fair share to nodes below it. With unchanged members and replication
     * factor, a table this class produced comes back equal.
     *
     * @throws IllegalArgumentException as for {@link #assign}
     */
    public static SlotTable rebalance(SlotTable previous, List<Member> members, int replicationFactor) {
        requireNonNull(previous, "previous is null");
        RackSpread spread = RackSpread.of(members, replicationFactor);
        return complete(Placement.from(previous, spread));
    }

    private static SlotTable complete(Placement placement) {
        placement.aimAtBalance();
        placement.trimAndFill();
        placement.balance();
        placement.orderPreferred();
        return placement.toTable();
    }
}
