package chorus.sim.linearizability;

import chorus.sim.linearizability.LinearizabilityResult.NotLinearizable;
import chorus.sim.linearizability.LinearizabilityResult.NotLinearizable.Blocked;
import chorus.sim.linearizability.RegisterOperation.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains a failed search from its deepest dead end: the prefix that got there, the register's value
 * after it, and for each operation real time allowed next, why it could not go there.
 */
final class Diagnosis {
    private Diagnosis() {
    }

    /** Explains the dead end reached after {@code prefix}, the longest path of the failed search. */
    static NotLinearizable deadEnd(EncodedHistory history, int[] prefix) {
        boolean[] placed = new boolean[history.size()];
        PendingNeeds needs = new PendingNeeds(history);
        int state = history.initialState;
        String value = history.initialValue;
        for (int operation : prefix) {
            placed[operation] = true;
            needs.place(operation);
            state = RegisterModel.step(history, operation, state);
            if (history.writes(operation) >= 0) {
                value = history.operations[operation].argument();
            }
        }
        // Real time allows next exactly the operations invoked before the first pending completion.
        long firstCompletion = Long.MAX_VALUE;
        for (int operation = 0; operation < history.completed; operation++) {
            if (!placed[operation]) {
                firstCompletion = Math.min(firstCompletion, history.operations[operation].completeNanos());
            }
        }
        List<Blocked> blocked = new ArrayList<>();
        for (int operation = 0; operation < history.size(); operation++) {
            RegisterOperation candidate = history.operations[operation];
            if (!placed[operation] && candidate.invokeNanos() <= firstCompletion) {
                String reason = reason(history, operation, state, value, needs, placed);
                blocked.add(new Blocked(candidate, reason));
            }
        }
        return new NotLinearizable(LinearizabilityChecker.operations(history, prefix), value, blocked);
    }

    private static String reason(EncodedHistory history, int operation, int state, String value, PendingNeeds needs,
                                 boolean[] placed) {
        RegisterOperation candidate = history.operations[operation];
        int next = RegisterModel.step(history, operation, state);
        String holds = "the register holds " + RegisterOperation.show(value);
        if (next == RegisterModel.IMPOSSIBLE && candidate.kind() == Kind.READ) {
            return "it read " + RegisterOperation.show(candidate.result()) + " but " + holds;
        }
        if (next == RegisterModel.IMPOSSIBLE && candidate.applied()) {
            return "it applied but " + holds + ", not " + RegisterOperation.show(candidate.expected());
        }
        if (next == RegisterModel.IMPOSSIBLE) {
            return "it did not apply but " + holds + ", which it expected";
        }
        if (candidate.isIndeterminate() && next == state) {
            return "its outcome is unknown, and taking effect here changes nothing";
        }
        if (needs.strands(operation, state, next)) {
            return "it overwrites " + RegisterOperation.show(value) + ", which " + stranded(history, operation, state,
                    placed) + " still needs and no remaining operation writes";
        }
        return "it fits here, but no order of the remaining operations works after it";
    }

    private static RegisterOperation stranded(EncodedHistory history, int operation, int state, boolean[] placed) {
        for (int other = 0; other < history.completed; other++) {
            if (other != operation && !placed[other] && history.needs(other) == state) {
                return history.operations[other];
            }
        }
        throw new IllegalStateException("no pending operation needs the value operation " + operation + " overwrites");
    }
}
