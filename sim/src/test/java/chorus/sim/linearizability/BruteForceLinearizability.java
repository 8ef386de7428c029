package chorus.sim.linearizability;

import chorus.sim.linearizability.RegisterOperation.Kind;
import chorus.sim.linearizability.RegisterOperation.Outcome;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The definition of linearizability, executed literally for tiny histories: try every order of the
 * operations that respects real time, in which each indeterminate operation takes effect or not, and
 * replay it on a register. An oracle for the real checker's pruning; exponential, so keep it under a
 * dozen operations.
 */
final class BruteForceLinearizability {
    private final List<RegisterOperation> operations;
    private final Set<List<Object>> failed = new HashSet<>();

    private BruteForceLinearizability(List<RegisterOperation> history) {
        this.operations = history.stream().filter(operation -> operation.outcome() != Outcome.FAILED).toList();
    }

    static boolean isLinearizable(List<RegisterOperation> history, String initialValue) {
        return new BruteForceLinearizability(history).search(0L, initialValue);
    }

    private boolean search(long placed, String value) {
        if (allCompletedPlaced(placed)) {
            return true;
        }
        if (failed.contains(List.of(placed, Objects.toString(value, "\0nil")))) {
            return false;
        }
        for (int next = 0; next < operations.size(); next++) {
            if ((placed & 1L << next) == 0 && realTimeAllows(placed, next)) {
                RegisterOperation operation = operations.get(next);
                Object after = apply(operation, value);
                if (after != IMPOSSIBLE && search(placed | 1L << next, (String) after)) {
                    return true;
                }
            }
        }
        failed.add(List.of(placed, Objects.toString(value, "\0nil")));
        return false;
    }

    private boolean allCompletedPlaced(long placed) {
        for (int i = 0; i < operations.size(); i++) {
            if ((placed & 1L << i) == 0 && operations.get(i).outcome() == Outcome.OK) {
                return false;
            }
        }
        return true;
    }

    /** No operation still to place completed before {@code next} was invoked. */
    private boolean realTimeAllows(long placed, int next) {
        for (int i = 0; i < operations.size(); i++) {
            if ((placed & 1L << i) == 0 && operations.get(i).completeNanos() < operations.get(next).invokeNanos()) {
                return false;
            }
        }
        return true;
    }

    private static final Object IMPOSSIBLE = new Object();

    private static Object apply(RegisterOperation operation, String value) {
        boolean ok = operation.outcome() == Outcome.OK;
        if (operation.kind() == Kind.READ) {
            return !ok || Objects.equals(operation.result(), value) ? value : IMPOSSIBLE;
        }
        if (operation.kind() == Kind.WRITE) {
            return operation.argument();
        }
        boolean holdsExpected = Objects.equals(operation.expected(), value);
        if (!ok) {
            return holdsExpected ? operation.argument() : value;
        }
        if (operation.applied()) {
            return holdsExpected ? operation.argument() : IMPOSSIBLE;
        }
        return holdsExpected ? IMPOSSIBLE : value;
    }
}
