package chorus.sim.linearizability;

import chorus.sim.linearizability.RegisterOperation.Kind;
import java.util.Arrays;

/**
 * One depth-first search for a linearization of an {@link EncodedHistory}: Wing &amp; Gong's tree
 * search with Lowe's just-in-time linearization and memoized states (Lowe 2017, "Testing for
 * linearizability"; the algorithm of Porcupine and of Knossos's "linear" checker). Single use and
 * single threaded: {@link #run} may be called once.
 *
 * <p>At each node the search linearizes next one operation that real time allows next (see
 * {@link EventList}) and whose answer the register's current value explains, skipping choices that lead
 * to a state already explored ({@link VisitedStates}). When none is left, it undoes its last choice.
 *
 * <p>Besides subsumption in {@link VisitedStates}, four refinements keep the tree small:
 * <ul>
 *   <li>A choice that strands a pending read or CAS (see {@link PendingNeeds}) is refused at once.</li>
 *   <li>A completed operation that leaves the value unchanged (a read, a CAS that did not apply) and is
 *       possible now is linearized at once, as the node's only choice: moving such an operation to the
 *       front of any linearization that works from here keeps it working.</li>
 *   <li>Indeterminate operations have no completion, so they never force a backtrack, and the search
 *       succeeds once every completed operation is placed: the rest never took effect (or took effect
 *       after everything, which no one could tell apart). They are tried only after every completed
 *       choice at a node failed, and only where they change the value into one that an operation
 *       allowed next needs.</li>
 *   <li>Of indeterminate twins (same kind and encoded values) only the lowest-ranked unplaced one is
 *       tried: once both are invoked they are interchangeable.</li>
 * </ul>
 */
final class RegisterSearch {
    enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

    private final EncodedHistory history;
    private final EventList completedEvents;
    private final EventList indeterminateEvents;
    private final long stepBudget;
    private final long[] completedPlaced;
    private final long[] indeterminatePlaced;
    private final int[] groupPlaced;
    private final VisitedStates visited = new VisitedStates();
    private final PendingNeeds needs;
    private final SearchStack stack;
    private int completedCount;
    private int state;
    private long steps;
    private int[] longestPrefix = new int[0];

    RegisterSearch(EncodedHistory history, long stepBudget) {
        this.history = history;
        this.completedEvents = new EventList(history, 0, history.completed, true);
        this.indeterminateEvents = new EventList(history, history.completed, history.size(), false);
        this.stepBudget = stepBudget;
        this.completedPlaced = new long[(history.completed + 63) / 64];
        this.indeterminatePlaced = new long[(history.size() - history.completed + 63) / 64];
        this.groupPlaced = new int[history.groups];
        this.stack = new SearchStack(history.size());
        this.needs = new PendingNeeds(history);
        this.state = history.initialState;
    }

    Verdict run() {
        visited.add(completedPlaced, state, indeterminatePlaced);
        Cursor cursor = enterNode();
        while (completedCount < history.completed) {
            if (++steps > stepBudget) {
                return Verdict.UNKNOWN;
            }
            if (cursor == null) {
                cursor = backtrack();
                if (cursor == null) {
                    return Verdict.NOT_LINEARIZABLE;
                }
            } else if (cursor.completedPhase) {
                cursor = stepCompleted(cursor.entry);
            } else {
                cursor = stepIndeterminate(cursor.entry, cursor.bound);
            }
        }
        return Verdict.LINEARIZABLE;
    }

    /**
     * Where the search stands at the current node: the next entry to try, in the completed list or
     * (after those) the indeterminate list; {@code bound} is the first pending completion time.
     */
    private record Cursor(boolean completedPhase, int entry, long bound) {
    }

    /** Starts a node: places value-preserving operations while one is possible, then starts the walk. */
    private Cursor enterNode() {
        for (int operation = valuePreservingCandidate(); operation >= 0; operation = valuePreservingCandidate()) {
            if (!place(operation, true, Long.MAX_VALUE)) {
                return null; // the node's only choice leads to an explored state, so the node is a dead end
            }
        }
        return new Cursor(true, completedEvents.first(), Long.MAX_VALUE);
    }

    /** A completed operation real time allows next that is possible now and keeps the value, or -1. */
    private int valuePreservingCandidate() {
        for (int entry = completedEvents.first(); !completedEvents.isCompletion(entry)
                && !completedEvents.isEnd(entry); entry = completedEvents.next(entry)) {
            int operation = completedEvents.operation(entry);
            if (preservesValue(operation) && RegisterModel.step(history, operation, state) == state) {
                return operation;
            }
        }
        return -1;
    }

    private boolean preservesValue(int operation) {
        return history.kinds[operation] == Kind.READ
                || (history.kinds[operation] == Kind.CAS && !history.applieds[operation]);
    }

    private Cursor stepCompleted(int entry) {
        if (completedEvents.isCompletion(entry) || completedEvents.isEnd(entry)) {
            // Every completed choice here failed; the first pending completion bounds the others.
            long bound = completedEvents.isEnd(entry) ? Long.MAX_VALUE : completedEvents.time(entry);
            return new Cursor(false, indeterminateEvents.first(), bound);
        }
        int operation = completedEvents.operation(entry);
        if (RegisterModel.step(history, operation, state) != RegisterModel.IMPOSSIBLE
                && place(operation, false, Long.MAX_VALUE)) {
            return enterNode();
        }
        return new Cursor(true, completedEvents.next(entry), Long.MAX_VALUE);
    }

    private Cursor stepIndeterminate(int entry, long bound) {
        if (indeterminateEvents.isEnd(entry) || indeterminateEvents.time(entry) > bound) {
            return null;
        }
        int operation = indeterminateEvents.operation(entry);
        boolean twinFirst = groupPlaced[history.group[operation]] == history.rank[operation];
        int next = RegisterModel.step(history, operation, state);
        if (twinFirst && next != state && isNeededNext(operation, next, bound) && place(operation, false, bound)) {
            return enterNode();
        }
        return new Cursor(false, indeterminateEvents.next(entry), bound);
    }

    /**
     * Whether some operation real time allows next needs indeterminate {@code operation}'s effect right
     * after it: it reads or expects {@code next}, or it is a CAS that did not apply although it expected
     * the current value. Otherwise the effect is useless here: in any linearization that places it here,
     * it can be moved later past the operations that do not need it, or dropped once overwritten. Placing
     * it only right before an operation that needs it keeps an unobserved timed-out write from doubling
     * the tree at every dead end.
     */
    private boolean isNeededNext(int operation, int next, long bound) {
        for (int entry = completedEvents.first(); !completedEvents.isCompletion(entry)
                && !completedEvents.isEnd(entry); entry = completedEvents.next(entry)) {
            int candidate = completedEvents.operation(entry);
            if (history.needs(candidate) == next || (history.kinds[candidate] == Kind.CAS
                    && !history.applieds[candidate] && history.expecteds[candidate] == state)) {
                return true;
            }
        }
        for (int entry = indeterminateEvents.first(); !indeterminateEvents.isEnd(entry)
                && indeterminateEvents.time(entry) <= bound; entry = indeterminateEvents.next(entry)) {
            int candidate = indeterminateEvents.operation(entry);
            if (candidate != operation && history.kinds[candidate] == Kind.CAS && history.expecteds[candidate] == next
                    && history.arguments[candidate] != next) {
                return true;
            }
        }
        return false;
    }

    /**
     * Linearizes {@code operation} next, unless that strands another operation or leads to a state
     * explored before; returns whether it did.
     */
    private boolean place(int operation, boolean forced, long bound) {
        steps++;
        int next = RegisterModel.step(history, operation, state);
        boolean indeterminate = history.isIndeterminate(operation);
        if (needs.strands(operation, state, next)) {
            return false;
        }
        flip(operation);
        if (!visited.add(completedPlaced, next, indeterminatePlaced)) {
            flip(operation);
            return false;
        }
        stack.push(operation, state, forced, bound);
        state = next;
        needs.place(operation);
        if (indeterminate) {
            indeterminateEvents.lift(operation);
            groupPlaced[history.group[operation]]++;
        } else {
            completedEvents.lift(operation);
            completedCount++;
        }
        return true;
    }

    /** Undoes choices up to the last one that was not forced, and resumes after it; null: none left. */
    private Cursor backtrack() {
        if (stack.depth() > longestPrefix.length) {
            // The deepest dead end so far: the best explanation if no linearization exists.
            longestPrefix = stack.operations();
        }
        while (stack.depth() > 0) {
            boolean forced = stack.topForced();
            long bound = stack.topBound();
            int operation = undo();
            if (forced) {
                continue;
            }
            if (history.isIndeterminate(operation)) {
                return new Cursor(false, indeterminateEvents.next(indeterminateEvents.invocation(operation)), bound);
            }
            return new Cursor(true, completedEvents.next(completedEvents.invocation(operation)), Long.MAX_VALUE);
        }
        return null;
    }

    private int undo() {
        int operation = stack.topOperation();
        state = stack.topState();
        stack.pop();
        flip(operation);
        needs.unplace(operation);
        if (history.isIndeterminate(operation)) {
            indeterminateEvents.unlift(operation);
            groupPlaced[history.group[operation]]--;
        } else {
            completedEvents.unlift(operation);
            completedCount--;
        }
        return operation;
    }

    private void flip(int operation) {
        if (history.isIndeterminate(operation)) {
            int index = operation - history.completed;
            indeterminatePlaced[index >>> 6] ^= 1L << index;
        } else {
            completedPlaced[operation >>> 6] ^= 1L << operation;
        }
    }

    /** After {@link Verdict#LINEARIZABLE}: the operations in the order found. */
    int[] order() {
        return stack.operations();
    }

    /** After {@link Verdict#NOT_LINEARIZABLE}: the longest order the search could justify. */
    int[] longestPrefix() {
        return Arrays.copyOf(longestPrefix, longestPrefix.length);
    }

    long steps() {
        return steps;
    }

    int statesVisited() {
        return visited.size();
    }
}
