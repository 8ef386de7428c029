package chorus.sim.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The search states explored so far, so that each is explored once (Lowe 2017, §4; Porcupine's cache
 * of linearized set and model state). A state is the set of completed operations linearized, the
 * register's value, and the set of indeterminate operations that took effect.
 *
 * <p>A state is also skipped when it is <em>subsumed</em>: same completed operations, same value, and
 * a superset of the indeterminate ones of a state seen before. An indeterminate operation never
 * completes, so it never has to precede anything; whatever can follow a state can follow the state with
 * fewer indeterminate operations taken effect, which may also still take them later or never. This
 * prunes every path on which a timed-out write took effect only to be overwritten.
 */
final class VisitedStates {
    private static final long[] NONE = new long[0];

    private final Map<SearchState, Object> indeterminateSets = new HashMap<>();
    private int size;

    /**
     * Records the state and returns true, or returns false if it, or a state that subsumes it, was
     * recorded before. Copies the arrays it keeps.
     */
    boolean add(long[] completed, int value, long[] indeterminate) {
        SearchState key = SearchState.of(completed, value);
        long[] placed = trimmed(indeterminate);
        Object recorded = indeterminateSets.get(key);
        if (recorded == null) {
            // Most keys only ever see one set, so it is stored bare rather than in a list.
            indeterminateSets.put(key, placed);
            size++;
            return true;
        }
        List<long[]> sets = asList(recorded);
        for (long[] set : sets) {
            if (isSubset(set, placed)) {
                return false;
            }
        }
        if (sets.size() == 1) {
            sets = new ArrayList<>(sets);
            indeterminateSets.put(key, sets);
        }
        sets.add(placed);
        size++;
        return true;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    private static List<long[]> asList(Object recorded) {
        return recorded instanceof long[] single ? List.<long[]>of(single) : (List<long[]>) recorded;
    }

    private static long[] trimmed(long[] words) {
        int end = words.length;
        while (end > 0 && words[end - 1] == 0L) {
            end--;
        }
        return end == 0 ? NONE : Arrays.copyOf(words, end);
    }

    /** Whether {@code small} is a subset of {@code large}; both are trimmed bit sets. */
    private static boolean isSubset(long[] small, long[] large) {
        if (small.length > large.length) {
            return false;
        }
        for (int i = 0; i < small.length; i++) {
            if ((small[i] & ~large[i]) != 0) {
                return false;
            }
        }
        return true;
    }
}
