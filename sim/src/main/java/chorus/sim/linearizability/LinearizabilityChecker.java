package chorus.sim.linearizability;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether the history of one register (one key) is linearizable: whether a single order of its
 * operations, in which each takes effect at an instant between its invocation and completion, explains
 * every answer the clients got (Herlihy &amp; Wing 1990). The caller partitions a multi-key history by
 * key; registers are independent, so a history is linearizable when each key's is.
 *
 * <p>Indeterminate operations (timeouts) may take effect at any instant after their invocation, or
 * never; failed ones never took effect, so a value only they wrote must never be observed.
 *
 * <p>It first looks for cheap proofs of the common violations ({@link Refutations}: a stale read, a
 * lost write, a value read that nobody wrote, a value two CAS both consumed), then searches for an order
 * ({@link RegisterSearch}). The search is exponential in the worst case, so it is bounded by a step
 * budget and answers {@link LinearizabilityResult.Unknown} when the budget runs out. Histories of a few
 * thousand operations from tens of concurrent clients typically take well under a second. Memory
 * grows with the states explored, about 100 bytes each and at most one per step.
 *
 * <p>Immutable and thread-safe: each {@link #check} runs its own search.
 */
public final class LinearizabilityChecker {
    /** Enough for thousands of operations from tens of clients; a few seconds and ~100 MB when used up. */
    public static final long DEFAULT_STEP_BUDGET = 5_000_000L;

    private final long stepBudget;

    public LinearizabilityChecker() {
        this(DEFAULT_STEP_BUDGET);
    }

    /** A checker that gives up with {@link LinearizabilityResult.Unknown} after {@code stepBudget} steps. */
    public LinearizabilityChecker(long stepBudget) {
        if (stepBudget <= 0) {
            throw new IllegalArgumentException("stepBudget=" + stepBudget + " is invalid (expected: > 0)");
        }
        this.stepBudget = stepBudget;
    }

    /** Checks the history of a register that starts absent. */
    public LinearizabilityResult check(List<RegisterOperation> history) {
        return check(history, null);
    }

    /** Checks the history of a register that starts with {@code initialValue} (null: absent). */
    public LinearizabilityResult check(List<RegisterOperation> history, String initialValue) {
        return check(history, initialValue, true);
    }

    /** With {@code refuteFirst} false, skips the cheap proofs, so that tests exercise the search alone. */
    LinearizabilityResult check(List<RegisterOperation> history, String initialValue, boolean refuteFirst) {
        requireNonNull(history, "history is null");
        history.forEach(operation -> requireNonNull(operation, "history contains null"));
        EncodedHistory encoded = new EncodedHistory(history, initialValue);
        LinearizabilityResult.NotLinearizable refuted = refuteFirst ? Refutations.find(encoded) : null;
        if (refuted != null) {
            return refuted;
        }
        RegisterSearch search = new RegisterSearch(encoded, stepBudget);
        return switch (search.run()) {
            case LINEARIZABLE -> new LinearizabilityResult.Linearizable(operations(encoded, search.order()));
            case NOT_LINEARIZABLE -> Diagnosis.deadEnd(encoded, search.longestPrefix());
            case UNKNOWN -> new LinearizabilityResult.Unknown(search.steps(), stepBudget);
        };
    }

    static List<RegisterOperation> operations(EncodedHistory history, int[] indexes) {
        List<RegisterOperation> operations = new ArrayList<>(indexes.length);
        for (int index : indexes) {
            operations.add(history.operations[index]);
        }
        return operations;
    }
}
