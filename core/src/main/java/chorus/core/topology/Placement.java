package chorus.core.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The mutable working copy of a slot table while {@link SlotAssignment} builds one: replica lists
 * per slot, and how many replicas each node holds. It lives for one call on one thread.
 *
 * <p>Every loop visits slots in bit-reversed order, so that any prefix of the visit is spread
 * evenly over the slot space: when only some slots must move, they are not all neighbours.
 * Where several nodes are about equally good, a hash of (slot, node id) picks one, which
 * scatters each node's co-replicas over the cluster (a failed node's load then falls on many
 * nodes, not on two) and does not depend on which other members exist. The hash is a pure
 * function, so the result is still fully determined by the input.
 */
final class Placement {
    private static final int SLOT_BITS = Integer.numberOfTrailingZeros(Slots.COUNT);
    private static final int FRACTION_BITS = 20;
    private static final long ONE_REPLICA = 1L << FRACTION_BITS;
    /** Fill noise spans four replicas: enough to decorrelate nodes, little enough to pace them. */
    private static final int NOISE_BITS = FRACTION_BITS + 2;

    private final RackSpread spread;
    private final int nodeCount;
    private final int replicasPerSlot;
    private final int width;
    private final int[] replicas; // slot * width + position, preferred first
    private final int[] size;
    private final int[] previous; // the previous table's surviving replicas, same layout as replicas
    private final int[] previousSize;
    private final int[] load;
    private final int[] idValue;
    private int[] target;

    // Fill progress: loads when filling began, holes to fill in all, holes filled so far.
    private int[] loadBeforeFill;
    private long holes;
    private long filled;
    private long trimmed;
    private final long[] urgency;

    // The focused slot's racks' replica counts and present nodes: see focus(slot).
    private final int[] rackCount;
    private final int[] presentMark;
    private int mark;

    private Placement(RackSpread spread, int width) {
        this.spread = spread;
        this.nodeCount = spread.nodeCount;
        this.replicasPerSlot = spread.replicasPerSlot;
        this.width = width;
        this.replicas = new int[Slots.COUNT * width];
        this.size = new int[Slots.COUNT];
        this.previous = new int[Slots.COUNT * width];
        this.previousSize = new int[Slots.COUNT];
        this.load = new int[nodeCount];
        this.idValue = new int[nodeCount];
        for (int node = 0; node < nodeCount; node++) {
            idValue[node] = spread.idOf(node).value();
        }
        this.rackCount = new int[spread.rackCount];
        this.presentMark = new int[nodeCount];
        this.urgency = new long[nodeCount];
    }

    static Placement empty(RackSpread spread) {
        return new Placement(spread, spread.replicasPerSlot);
    }

    /** Starts from {@code previous}, keeping every replica whose node is still a member, in order. */
    static Placement from(SlotTable previous, RackSpread spread) {
        Placement placement = new Placement(spread, Math.max(previous.replicasPerSlot(), spread.replicasPerSlot));
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            for (NodeId id : previous.replicas(slot)) {
                int node = spread.indexOf(id);
                if (node >= 0) {
                    placement.replicas[slot * placement.width + placement.size[slot]++] = node;
                    placement.load[node]++;
                }
            }
        }
        System.arraycopy(placement.replicas, 0, placement.previous, 0, placement.replicas.length);
        System.arraycopy(placement.size, 0, placement.previousSize, 0, Slots.COUNT);
        return placement;
    }

    /** Fixes the per-node targets, favouring the nodes that hold the most already. */
    void aimAtBalance() {
        target = spread.loadTargets(load.clone());
    }

    /**
     * Drops replicas the spread no longer allows (too many on a rack, or more than the
     * replication factor), then gives every slot its missing replicas. Drops take the most loaded
     * node; additions take a node below its target that the racks allow, the one furthest behind
     * an even pace (see {@link #urgency}).
     */
    void trimAndFill() {
        for (int i = 0; i < Slots.COUNT; i++) {
            trim(slotAt(i));
        }
        loadBeforeFill = load.clone();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            holes += replicasPerSlot - size[slot];
        }
        for (int i = 0; i < Slots.COUNT; i++) {
            fill(slotAt(i));
        }
    }

    /**
     * Moves replicas from nodes above their target to nodes below it, cheapest moves first (see
     * {@link Move}). Each move lowers the excess by one, so the data streamed is the least the
     * targets need, unless the racks force a detour through a third node (an augmenting path,
     * which moves two replicas for one).
     */
    void balance() {
        boolean[] chainsExhausted = new boolean[Move.values().length];
        for (long round = 0; excess() > 0 && round < (long) Slots.COUNT * replicasPerSlot; round++) {
            if (cheapestMoves(chainsExhausted) == 0) {
                return;
            }
        }
    }

    /**
     * Makes moves of the cheapest kind that has any, single moves before chains. A chain search
     * scans every slot, so a kind whose search found nothing is not searched again, and kinds
     * that cannot apply (nothing was trimmed, nothing was added) are skipped.
     */
    private int cheapestMoves(boolean[] chainsExhausted) {
        for (Move kind : Move.values()) {
            if ((kind == Move.RESTORING && trimmed == 0) || (kind == Move.RELOCATING && filled == 0)) {
                continue;
            }
            int moved = balancePass(kind);
            if (moved == 0 && kind != Move.SPARING_FIRST && !chainsExhausted[kind.ordinal()]) {
                moved = augmentLoad(kind);
                chainsExhausted[kind.ordinal()] = moved == 0;
            }
            if (moved > 0) {
                return moved;
            }
        }
        return 0;
    }

    /**
     * Balances first replicas by reordering within slots, which moves no data: every node ends
     * up first in {@code COUNT / n} slots, or one more. Slots are only reordered while some node
     * is outside that range, so an order that already meets it is kept.
     */
    void orderPreferred() {
        int[] first = new int[nodeCount];
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            first[at(slot, 0)]++;
        }
        int low = Slots.COUNT / nodeCount;
        int high = Slots.COUNT % nodeCount == 0 ? low : low + 1;
        preferredPass(first, low, high);
        for (int round = 0; round < Slots.COUNT && preferredViolation(first, low, high) > 0; round++) {
            if (augmentPreferred(first, low, high) == 0) {
                return;
            }
        }
    }

    /** The finished table; SlotTable.of checks its shape again, a second line of defence. */
    SlotTable toTable() {
        List<List<NodeId>> bySlot = new ArrayList<>(Slots.COUNT);
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            NodeId[] ids = new NodeId[size[slot]];
            for (int position = 0; position < ids.length; position++) {
                ids[position] = spread.idOf(at(slot, position));
            }
            bySlot.add(List.of(ids));
        }
        return SlotTable.of(spread.members, bySlot);
    }

    private void trim(int slot) {
        focus(slot);
        for (int victim = trimVictim(slot); victim >= 0; victim = trimVictim(slot)) {
            removeAt(slot, victim);
            trimmed++;
        }
    }

    /** The position to drop next: over-full racks first, then surplus replicas; -1 for none. */
    private int trimVictim(int slot) {
        boolean rackOverFull = false;
        for (int position = 0; position < size[slot]; position++) {
            int rack = spread.rackOf[at(slot, position)];
            rackOverFull |= rackCount[rack] > spread.maxPerSlot[rack];
        }
        boolean surplus = size[slot] > replicasPerSlot;
        int victim = -1;
        // From the back, and only a strictly more loaded node replaces the pick: on ties the
        // later replica goes, so the preferred ones keep their places.
        for (int position = size[slot] - 1; position >= 0; position--) {
            int node = at(slot, position);
            int rack = spread.rackOf[node];
            boolean eligible = rackOverFull ? rackCount[rack] > spread.maxPerSlot[rack]
                    : surplus && rackCount[rack] > spread.minPerSlot[rack];
            if (eligible && (victim < 0 || ratioCompare(node, at(slot, victim)) > 0)) {
                victim = position;
            }
        }
        return victim;
    }

    private void fill(int slot) {
        if (size[slot] == replicasPerSlot) {
            return;
        }
        focus(slot);
        for (int node = 0; node < nodeCount; node++) {
            urgency[node] = urgency(slot, node);
        }
        while (size[slot] < replicasPerSlot) {
            int node = bestAddition(slot);
            if (node < 0) {
                throw new IllegalStateException("no node can take a replica of slot " + slot);
            }
            append(slot, node);
            urgency[node] -= ONE_REPLICA;
            filled++;
        }
    }

    /** The node furthest behind that the focused slot's racks accept; racks below their minimum first. */
    private int bestAddition(int slot) {
        int belowMinimum = 0;
        for (int rack = 0; rack < spread.rackCount; rack++) {
            belowMinimum += Math.max(0, spread.minPerSlot[rack] - rackCount[rack]);
        }
        boolean mustRaiseMinimum = belowMinimum == replicasPerSlot - size[slot];
        int best = -1;
        for (int node = 0; node < nodeCount; node++) {
            int rack = spread.rackOf[node];
            boolean allowed = !isPresent(node) && rackCount[rack] < spread.maxPerSlot[rack]
                    && (!mustRaiseMinimum || rackCount[rack] < spread.minPerSlot[rack]);
            if (allowed && (best < 0 || isFurtherBehind(node, best))) {
                best = node;
            }
        }
        return best;
    }

    private boolean isFurtherBehind(int a, int b) {
        boolean aBelow = load[a] < target[a];
        if (aBelow != (load[b] < target[b])) {
            return aBelow; // a node at its target takes a replica only when no node below can
        }
        return urgency[a] != urgency[b] ? urgency[a] > urgency[b] : a < b;
    }

    /**
     * How far the node lags behind an even pace towards its target, in fixed point with
     * {@link #ONE_REPLICA} per replica, plus a (slot, node) hash worth up to four replicas. A node
     * well behind is chosen first, which keeps loads within a few replicas of even (balance()
     * settles the rest); between nodes a few replicas apart the hash decides. Without the hash,
     * nodes with equal targets move in step and keep landing in the same slots together (at 50
     * nodes and two replicas, some pairs then shared 3x their fair number of slots and others
     * almost none). Taken once per slot, for speed: within one slot only the chosen nodes move.
     */
    private long urgency(int slot, int node) {
        long start = loadBeforeFill[node];
        long expected = start * holes + (target[node] - start) * filled;
        long lag = Math.floorDiv((expected - load[node] * holes) * ONE_REPLICA, holes);
        return lag + (weight(slot, idValue[node]) >>> (Long.SIZE - NOISE_BITS));
    }

    /** One sweep over all slots, making every move of {@code kind} that lowers the excess. */
    private int balancePass(Move kind) {
        int moved = 0;
        for (int i = 0; i < Slots.COUNT; i++) {
            int slot = slotAt(i);
            if (!hasNodeAboveTarget(slot)) {
                continue;
            }
            focus(slot);
            // Downwards, because replace() shifts the later positions left.
            for (int position = size[slot] - 1; position >= 0; position--) {
                int leaving = at(slot, position);
                int joining = load[leaving] > target[leaving] ? bestReplacement(slot, position, kind) : -1;
                if (joining >= 0) {
                    replace(slot, position, joining);
                    moved++;
                }
            }
        }
        return moved;
    }

    private int bestReplacement(int slot, int position, Move kind) {
        int leaving = at(slot, position);
        int best = -1;
        for (int node = 0; node < nodeCount; node++) {
            if (load[node] < target[node] && mayReplace(leaving, node) && kind.allows(this, slot, position, node)
                    && (best < 0 || isLessLoaded(node, best, slot))) {
                best = node;
            }
        }
        return best;
    }

    /** Whether {@code joining} may take {@code leaving}'s place in the focused slot. */
    private boolean mayReplace(int leaving, int joining) {
        if (isPresent(joining)) {
            return false;
        }
        int from = spread.rackOf[leaving];
        int to = spread.rackOf[joining];
        return from == to
                || (rackCount[from] > spread.minPerSlot[from] && rackCount[to] < spread.maxPerSlot[to]);
    }

    /**
     * When no single move of {@code kind} helps, finds a chain over → a → … → under where each
     * arrow is a replica one node can hand the next by such a move, and shifts along it as often
     * as it still works.
     */
    private int augmentLoad(Move kind) {
        boolean[] canHand = new boolean[nodeCount * nodeCount];
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            focus(slot);
            for (int position = 0; position < size[slot]; position++) {
                int from = at(slot, position);
                for (int to = 0; to < nodeCount; to++) {
                    canHand[from * nodeCount + to] |= mayReplace(from, to) && kind.allows(this, slot, position, to);
                }
            }
        }
        int[] path = shortestPath(canHand, node -> load[node] > target[node], node -> load[node] < target[node]);
        int last = path == null ? -1 : path[path.length - 1];
        int[] cursors = new int[nodeCount];
        int shifted = 0;
        while (path != null && load[path[0]] > target[path[0]] && load[last] < target[last]
                && shiftAlong(path, (arrow, from, to) -> moveOne(from, to, kind, cursors, arrow))) {
            shifted++;
        }
        return shifted;
    }

    /** Moves one replica from {@code from} to {@code to}, resuming the scan where this arrow last found one. */
    private boolean moveOne(int from, int to, Move kind, int[] cursors, int arrow) {
        for (int i = 0; i < Slots.COUNT; i++) {
            int visit = (cursors[arrow] + i) & (Slots.COUNT - 1);
            int slot = slotAt(visit);
            int position = positionOf(slot, from);
            if (position >= 0) {
                focus(slot);
                if (mayReplace(from, to) && kind.allows(this, slot, position, to)) {
                    replace(slot, position, to);
                    cursors[arrow] = visit;
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Hands "first" from a node above the range to a co-replica that can take it, or from a node
     * above the bottom to one below it. Each hand lowers the total violation by at least one.
     */
    private void preferredPass(int[] first, int low, int high) {
        for (int i = 0; i < Slots.COUNT; i++) {
            int slot = slotAt(i);
            int current = at(slot, 0);
            if (first[current] <= low) {
                continue;
            }
            int best = -1;
            for (int position = 1; position < size[slot]; position++) {
                if (best < 0 || first[at(slot, position)] < first[at(slot, best)]) {
                    best = position;
                }
            }
            int candidate = best < 0 ? -1 : at(slot, best);
            if (candidate >= 0 && ((first[current] > high && first[candidate] < high) || first[candidate] < low)) {
                first[current]--;
                first[candidate]++;
                promote(slot, best);
            }
        }
    }

    /** How far first-replica counts are outside {@code [low, high]}, summed over nodes. */
    private static long preferredViolation(int[] first, int low, int high) {
        long violation = 0;
        for (int count : first) {
            violation += Math.max(0, count - high) + Math.max(0, low - count);
        }
        return violation;
    }

    /**
     * Like {@link #augmentLoad}, for first replicas: an arrow from one node to another is a slot
     * where the first is first and the other a replica. Nodes above the range hand down first;
     * once none is, nodes above the bottom hand to nodes below it.
     */
    private int augmentPreferred(int[] first, int low, int high) {
        boolean[] canHand = new boolean[nodeCount * nodeCount];
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            for (int position = 1; position < size[slot]; position++) {
                canHand[at(slot, 0) * nodeCount + at(slot, position)] = true;
            }
        }
        boolean anyAbove = false;
        for (int count : first) {
            anyAbove |= count > high;
        }
        int sourceAbove = anyAbove ? high : low;
        int sinkBelow = anyAbove ? high : low;
        int[] path = shortestPath(canHand, node -> first[node] > sourceAbove, node -> first[node] < sinkBelow);
        int last = path == null ? -1 : path[path.length - 1];
        int[] cursors = new int[nodeCount];
        int shifted = 0;
        while (path != null && first[path[0]] > sourceAbove && first[last] < sinkBelow
                && shiftAlong(path, (arrow, from, to) -> handFirst(from, to, first, cursors, arrow))) {
            shifted++;
        }
        return shifted;
    }

    private boolean handFirst(int from, int to, int[] first, int[] cursors, int arrow) {
        for (int i = 0; i < Slots.COUNT; i++) {
            int visit = (cursors[arrow] + i) & (Slots.COUNT - 1);
            int slot = slotAt(visit);
            int position = at(slot, 0) == from ? positionOf(slot, to) : -1;
            if (position > 0) {
                promote(slot, position);
                first[from]--;
                first[to]++;
                cursors[arrow] = visit;
                return true;
            }
        }
        return false;
    }

    /** Hands one unit along {@code path}, last arrow first, so no node in between overshoots. */
    private static boolean shiftAlong(int[] path, Hand hand) {
        for (int i = path.length - 2; i >= 0; i--) {
            if (!hand.once(i, path[i], path[i + 1])) {
                return false;
            }
        }
        return true;
    }

    /** Breadth-first search from every source at once, in node order, so the result is deterministic. */
    private int[] shortestPath(boolean[] edge, IntPredicate isSource, IntPredicate isSink) {
        int[] parent = new int[nodeCount];
        Arrays.fill(parent, -2);
        int[] queue = new int[nodeCount];
        int head = 0;
        int tail = 0;
        for (int node = 0; node < nodeCount; node++) {
            if (isSource.test(node)) {
                parent[node] = -1;
                queue[tail++] = node;
            }
        }
        while (head < tail) {
            int from = queue[head++];
            for (int to = 0; to < nodeCount; to++) {
                if (parent[to] == -2 && edge[from * nodeCount + to]) {
                    parent[to] = from;
                    if (isSink.test(to)) {
                        return pathTo(parent, to);
                    }
                    queue[tail++] = to;
                }
            }
        }
        return null;
    }

    private static int[] pathTo(int[] parent, int end) {
        int length = 0;
        for (int node = end; node >= 0; node = parent[node]) {
            length++;
        }
        int[] path = new int[length];
        for (int node = end, i = length - 1; node >= 0; node = parent[node], i--) {
            path[i] = node;
        }
        return path;
    }

    private long excess() {
        long excess = 0;
        for (int node = 0; node < nodeCount; node++) {
            excess += Math.max(0, load[node] - target[node]);
        }
        return excess;
    }

    private boolean hasNodeAboveTarget(int slot) {
        for (int position = 0; position < size[slot]; position++) {
            int node = at(slot, position);
            if (load[node] > target[node]) {
                return true;
            }
        }
        return false;
    }

    /** Compares load/target ratios without division; targets are positive. */
    private int ratioCompare(int a, int b) {
        return Long.compare((long) load[a] * target[b], (long) load[b] * target[a]);
    }

    private boolean isLessLoaded(int a, int b, int slot) {
        int byRatio = ratioCompare(a, b);
        return byRatio != 0 ? byRatio < 0 : weight(slot, idValue[a]) > weight(slot, idValue[b]);
    }

    /** A fixed mix of slot and node id (SplitMix64's finalizer): a tie-break, not randomness. */
    private static long weight(int slot, int nodeId) {
        long z = (((long) slot << 32) | nodeId) + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int slotAt(int visit) {
        return Integer.reverse(visit) >>> (Integer.SIZE - SLOT_BITS);
    }

    private int at(int slot, int position) {
        return replicas[slot * width + position];
    }

    private boolean wasReplica(int slot, int node) {
        for (int position = 0; position < previousSize[slot]; position++) {
            if (previous[slot * width + position] == node) {
                return true;
            }
        }
        return false;
    }

    private int positionOf(int slot, int node) {
        for (int position = 0; position < size[slot]; position++) {
            if (at(slot, position) == node) {
                return position;
            }
        }
        return -1;
    }

    /** Loads the slot's rack counts and present nodes; mutations below keep them current. */
    private void focus(int slot) {
        Arrays.fill(rackCount, 0);
        mark++;
        for (int position = 0; position < size[slot]; position++) {
            int node = at(slot, position);
            presentMark[node] = mark;
            rackCount[spread.rackOf[node]]++;
        }
    }

    private boolean isPresent(int node) {
        return presentMark[node] == mark;
    }

    private void append(int slot, int node) {
        replicas[slot * width + size[slot]++] = node;
        load[node]++;
        presentMark[node] = mark;
        rackCount[spread.rackOf[node]]++;
    }

    private void removeAt(int slot, int position) {
        int base = slot * width;
        int node = replicas[base + position];
        System.arraycopy(replicas, base + position + 1, replicas, base + position, size[slot] - position - 1);
        size[slot]--;
        load[node]--;
        presentMark[node] = 0;
        rackCount[spread.rackOf[node]]--;
    }

    /** The newcomer goes last: it has yet to receive the slot's data, so it should not be preferred. */
    private void replace(int slot, int position, int node) {
        removeAt(slot, position);
        append(slot, node);
    }

    /** Moves the replica at {@code position} to the front; the others keep their relative order. */
    private void promote(int slot, int position) {
        int base = slot * width;
        int node = replicas[base + position];
        System.arraycopy(replicas, base, replicas, base + 1, position);
        replicas[base] = node;
    }

    /** Kinds of balancing move, cheapest first. */
    private enum Move {
        /** Back to a replica the previous table had here (dropped as surplus): streams nothing. */
        RESTORING,
        /** Of a replica this call added: it was never streamed, so moving it adds nothing. */
        RELOCATING,
        /** Of a replica other than the first: streams one replica, keeps the preferred one. */
        SPARING_FIRST,
        /** Streams one replica. */
        ANY;

        /** Whether the replica at {@code position} of {@code slot} may go to {@code joining}. */
        boolean allows(Placement placement, int slot, int position, int joining) {
            return switch (this) {
                case RESTORING -> placement.wasReplica(slot, joining);
                case RELOCATING -> !placement.wasReplica(slot, placement.at(slot, position));
                case SPARING_FIRST -> position > 0;
                case ANY -> true;
            };
        }
    }

    @FunctionalInterface
    private interface Hand {
        /** Hands one unit over arrow {@code arrow} of the path, from {@code from} to {@code to}. */
        boolean once(int arrow, int from, int to);
    }
}
