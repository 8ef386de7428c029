package chorus.sim.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The invocations (and, for completed operations, completions) of the operations
 * {@code from..to-1} not yet linearized, in time order, as a doubly linked list over arrays (Knuth's
 * dancing links): an operation is lifted out in O(1) and put back in O(1), provided put-backs happen in
 * the reverse order of the lifts, which a depth-first search guarantees.
 *
 * <p>At equal times an invocation comes before a completion, so operations whose intervals touch count
 * as concurrent. Among completed operations, the ones real time allows to be linearized next are
 * exactly those whose invocation comes before the first completion in the list (Lowe 2017, §3: Wing
 * &amp; Gong's search with just-in-time linearization): an operation invoked after some pending
 * operation completed must wait for it. Indeterminate operations have no completion entries, since
 * they never complete and so never force anything to be linearized before a point in time.
 */
final class EventList {
    private final EncodedHistory history;
    private final int from;
    private final int count;
    private final int head;
    private final int tail;
    private final int[] next;
    private final int[] previous;

    EventList(EncodedHistory history, int from, int to, boolean withCompletions) {
        this.history = history;
        this.from = from;
        this.count = to - from;
        int entries = withCompletions ? 2 * count : count;
        head = entries;
        tail = entries + 1;
        next = new int[entries + 2];
        previous = new int[entries + 2];
        List<Integer> order = new ArrayList<>(entries);
        for (int entry = 0; entry < entries; entry++) {
            order.add(entry);
        }
        order.sort(Comparator.comparingLong((Integer entry) -> time(entry))
                .thenComparing(entry -> isCompletion(entry))
                .thenComparingInt(entry -> entry));
        int last = head;
        for (int entry : order) {
            next[last] = entry;
            previous[entry] = last;
            last = entry;
        }
        next[last] = tail;
        previous[tail] = last;
    }

    /** The invocation time of an invocation entry, the completion time of a completion entry. */
    long time(int entry) {
        RegisterOperation operation = history.operations[operation(entry)];
        return isCompletion(entry) ? operation.completeNanos() : operation.invokeNanos();
    }

    int first() {
        return next[head];
    }

    int next(int entry) {
        return next[entry];
    }

    boolean isEnd(int entry) {
        return entry == tail;
    }

    boolean isCompletion(int entry) {
        return entry >= count && entry < head;
    }

    /** The operation an entry belongs to. */
    int operation(int entry) {
        return from + (isCompletion(entry) ? entry - count : entry);
    }

    /** The invocation entry of an operation. */
    int invocation(int operation) {
        return operation - from;
    }

    /** Removes the operation's invocation and, if it has one, its completion. */
    void lift(int operation) {
        unlink(invocation(operation));
        if (head > count) {
            unlink(count + invocation(operation));
        }
    }

    /** Undoes the most recent {@link #lift} not yet undone, which must be of this operation. */
    void unlift(int operation) {
        if (head > count) {
            relink(count + invocation(operation));
        }
        relink(invocation(operation));
    }

    private void unlink(int entry) {
        next[previous[entry]] = next[entry];
        previous[next[entry]] = previous[entry];
    }

    private void relink(int entry) {
        next[previous[entry]] = entry;
        previous[next[entry]] = entry;
    }
}
