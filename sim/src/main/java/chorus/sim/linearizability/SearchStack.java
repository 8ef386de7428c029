package chorus.sim.linearizability;

import java.util.Arrays;

/**
 * The choices on the current search path, innermost last: which operation was linearized, the value
 * before it, whether it was the node's only choice, and (for an indeterminate choice) the completion
 * time that bounded the node's indeterminate candidates. Parallel primitive arrays, because the search
 * pushes and pops millions of times.
 */
final class SearchStack {
    private final int[] operations;
    private final int[] states;
    private final boolean[] forced;
    private final long[] bounds;
    private int depth;

    SearchStack(int capacity) {
        operations = new int[capacity];
        states = new int[capacity];
        forced = new boolean[capacity];
        bounds = new long[capacity];
    }

    void push(int operation, int stateBefore, boolean onlyChoice, long bound) {
        operations[depth] = operation;
        states[depth] = stateBefore;
        forced[depth] = onlyChoice;
        bounds[depth] = bound;
        depth++;
    }

    void pop() {
        depth--;
    }

    int depth() {
        return depth;
    }

    int topOperation() {
        return operations[depth - 1];
    }

    int topState() {
        return states[depth - 1];
    }

    boolean topForced() {
        return forced[depth - 1];
    }

    long topBound() {
        return bounds[depth - 1];
    }

    /** The operations on the path, outermost first. */
    int[] operations() {
        return Arrays.copyOf(operations, depth);
    }
}
