package chorus.sim.linearizability;

import chorus.sim.linearizability.LinearizabilityResult.NotLinearizable;
import chorus.sim.linearizability.LinearizabilityResult.NotLinearizable.Blocked;
import chorus.sim.linearizability.RegisterOperation.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Cheap proofs that a history is not linearizable, tried before the search because they catch the
 * common violations (a stale read, a lost write, a read of a value nobody wrote, two CAS that consumed
 * one value) in O(n log n) wherever they occur. The search would find these too, but a violation near
 * the end of a long history costs it an exhaustive walk through every order of what came before.
 *
 * <p>Each proof concerns one operation that <em>needs</em> a value (a completed read returned it, or a
 * completed CAS applied expecting it) and shows that no linearization can give it that value:
 * <ul>
 *   <li>no operation that could have taken effect before it writes the value, and the register did not
 *       start with it;</li>
 *   <li>more CAS consume the value (apply expecting it and write another) than there are writes of it,
 *       counting the initial value as one: between two consumptions the value must be written again;</li>
 *   <li>every write of the value (and the initial value) was followed, in real time, by a completed
 *       write of another value that completed before the needing operation was invoked: the last write
 *       of the value before the operation is overwritten before it.</li>
 * </ul>
 */
final class Refutations {
    private final EncodedHistory history;
    private final List<List<Integer>> writersByValue = new ArrayList<>();
    private final Overwrites overwrites;

    private Refutations(EncodedHistory history) {
        this.history = history;
        for (int value = 0; value < history.valueCount; value++) {
            writersByValue.add(new ArrayList<>());
        }
        for (int operation = 0; operation < history.size(); operation++) {
            if (history.writes(operation) >= 0) {
                writersByValue.get(history.writes(operation)).add(operation);
            }
        }
        this.overwrites = new Overwrites(history);
    }

    /** A proof that the history is not linearizable, or null if none of these applies. */
    static NotLinearizable find(EncodedHistory history) {
        Refutations refutations = new Refutations(history);
        List<Blocked> blocked = new ArrayList<>();
        for (int operation = 0; operation < history.completed; operation++) {
            int needed = history.needs(operation);
            String reason = needed < 0 ? null : refutations.whyImpossible(operation, needed);
            if (reason != null) {
                blocked.add(new Blocked(history.operations[operation], reason));
            }
        }
        if (blocked.isEmpty()) {
            blocked.addAll(refutations.overconsumed());
        }
        return blocked.isEmpty() ? null : new NotLinearizable(List.of(), history.initialValue, blocked);
    }

    private String whyImpossible(int operation, int needed) {
        RegisterOperation needer = history.operations[operation];
        String what = needer.kind() == Kind.READ ? "it read " + RegisterOperation.show(needer.result())
                : "it applied expecting " + RegisterOperation.show(needer.expected());
        List<String> overwritten = new ArrayList<>();
        if (needed == history.initialState) {
            int overwriter = overwrites.completedBetween(Long.MIN_VALUE, needer.invokeNanos(), needed);
            if (overwriter < 0) {
                return null;
            }
            overwritten.add("the initial value by " + history.operations[overwriter]);
        }
        for (int writer : writersByValue.get(needed)) {
            RegisterOperation write = history.operations[writer];
            if (write.invokeNanos() > needer.completeNanos() || writer == operation) {
                continue; // it cannot have taken effect before this operation did
            }
            int overwriter = overwrites.completedBetween(write.completeNanos(), needer.invokeNanos(), needed);
            if (overwriter < 0) {
                return null;
            }
            overwritten.add(write + " by " + history.operations[overwriter]);
        }
        if (overwritten.isEmpty()) {
            return what + ", which the register never held and no operation that could have taken effect before it"
                    + " wrote";
        }
        return what + ", but every write of it was overwritten before this began: "
                + String.join("; ", overwritten.subList(0, Math.min(3, overwritten.size())))
                + (overwritten.size() > 3 ? "; ..." : "");
    }

    /** CAS that consumed a value more often than it was written; between two, it must be written again. */
    private List<Blocked> overconsumed() {
        List<List<Integer>> consumers = new ArrayList<>();
        for (int value = 0; value < history.valueCount; value++) {
            consumers.add(new ArrayList<>());
        }
        for (int operation = 0; operation < history.completed; operation++) {
            int needed = history.needs(operation);
            if (history.kinds[operation] == Kind.CAS && needed >= 0 && history.writes(operation) != needed) {
                consumers.get(needed).add(operation);
            }
        }
        List<Blocked> blocked = new ArrayList<>();
        for (int value = 0; value < history.valueCount && blocked.isEmpty(); value++) {
            int supply = writersByValue.get(value).size() + (value == history.initialState ? 1 : 0);
            List<Integer> demand = consumers.get(value);
            if (demand.size() > supply) {
                String reason = demand.size() + " CAS applied expecting this value, but the register held it only "
                        + supply + " time(s): it started with it " + (value == history.initialState ? "" : "0 times ")
                        + "and " + writersByValue.get(value).size() + " operation(s) wrote it";
                for (int operation : demand) {
                    blocked.add(new Blocked(history.operations[operation], reason));
                }
            }
        }
        return blocked;
    }

    /**
     * Answers "which completed operation that set a value other than {@code v} was invoked after
     * {@code after} and completed before {@code before}?" in O(log n): operations that set a value, sorted
     * by invocation, with for every suffix the earliest completion and the earliest completion among
     * those setting a different value than that one.
     */
    private static final class Overwrites {
        private final EncodedHistory history;
        private final long[] invocations;
        private final int[] earliest;
        private final int[] earliestOtherValue;

        Overwrites(EncodedHistory history) {
            this.history = history;
            Integer[] setters = IntStream.range(0, history.completed)
                    .filter(operation -> history.writes(operation) >= 0).boxed().toArray(Integer[]::new);
            Arrays.sort(setters, Comparator.comparingLong(operation -> history.operations[operation].invokeNanos()));
            int size = setters.length;
            invocations = new long[size];
            earliest = new int[size + 1];
            earliestOtherValue = new int[size + 1];
            earliest[size] = -1;
            earliestOtherValue[size] = -1;
            for (int i = size - 1; i >= 0; i--) {
                int setter = setters[i];
                invocations[i] = history.operations[setter].invokeNanos();
                int best = earliest[i + 1];
                int other = earliestOtherValue[i + 1];
                if (completesBefore(setter, best)) {
                    other = best >= 0 && history.writes(best) != history.writes(setter) ? best : other;
                    best = setter;
                } else if (history.writes(setter) != history.writes(best) && completesBefore(setter, other)) {
                    other = setter;
                }
                earliest[i] = best;
                earliestOtherValue[i] = other;
            }
        }

        private boolean completesBefore(int operation, int other) {
            return other < 0
                    || history.operations[operation].completeNanos() < history.operations[other].completeNanos();
        }

        /** An operation setting a value other than {@code value}, invoked after and completed before; or -1. */
        int completedBetween(long after, long before, int value) {
            int low = 0;
            int high = invocations.length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (invocations[middle] <= after) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            int candidate = earliest[low] >= 0 && history.writes(earliest[low]) == value ? earliestOtherValue[low]
                    : earliest[low];
            return candidate >= 0 && history.operations[candidate].completeNanos() < before ? candidate : -1;
        }
    }
}
