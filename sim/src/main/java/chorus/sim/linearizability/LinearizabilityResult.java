package chorus.sim.linearizability;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The verdict of {@link LinearizabilityChecker#check} on one register's history. */
public sealed interface LinearizabilityResult {
    /**
     * Some single order of the operations, consistent with real time, explains every answer.
     *
     * @param order one such order: every completed operation, and the indeterminate operations that
     *     took effect, in the order they did; indeterminate operations absent from it never took
     *     effect (or did so after everything else, which no one could tell apart)
     */
    record Linearizable(List<RegisterOperation> order) implements LinearizabilityResult {
        public Linearizable {
            order = List.copyOf(order);
        }
    }

    /**
     * No order explains what the clients saw. Either some operations can be shown impossible wherever
     * they go (a read of a value overwritten before it began, say), and {@code longestPrefix} is empty;
     * or the explanation is the deepest point the search reached: an order of some operations that is
     * consistent with everything so far, after which none of the operations real time allows can go next.
     *
     * @param longestPrefix the longest order of operations the search could justify
     * @param valueAfterPrefix the register's value after it (null: absent)
     * @param couldNotGoNext the operations real time allowed next, each with the reason it could not go
     *     there; or, with an empty prefix, the operations that could go nowhere
     */
    record NotLinearizable(List<RegisterOperation> longestPrefix, String valueAfterPrefix,
                           List<Blocked> couldNotGoNext) implements LinearizabilityResult {
        private static final int PREFIX_SHOWN = 8;

        public NotLinearizable {
            longestPrefix = List.copyOf(longestPrefix);
            couldNotGoNext = List.copyOf(couldNotGoNext);
        }

        /** An operation that could not be linearized next, and why. */
        public record Blocked(RegisterOperation operation, String reason) {
            public Blocked {
                requireNonNull(operation, "operation is null");
                requireNonNull(reason, "reason is null");
            }

            @Override
            public String toString() {
                return operation + ": " + reason;
            }
        }

        /** A readable explanation: the end of the longest prefix, the value, and what got stuck. */
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("not linearizable");
            if (longestPrefix.isEmpty()) {
                text.append("; no order can place these operations:");
            } else {
                int shownFrom = Math.max(0, longestPrefix.size() - PREFIX_SHOWN);
                text.append("; the longest linearizable prefix has ").append(longestPrefix.size())
                        .append(" operations").append(shownFrom > 0 ? ", ending with:" : ":");
                for (RegisterOperation operation : longestPrefix.subList(shownFrom, longestPrefix.size())) {
                    text.append("\n  ").append(operation);
                }
                text.append("\nafter which the register holds ").append(RegisterOperation.show(valueAfterPrefix))
                        .append(" and none of these can go next:");
            }
            for (Blocked blocked : couldNotGoNext) {
                text.append("\n  ").append(blocked);
            }
            return text.toString();
        }
    }

    /**
     * The search used its whole step budget without a verdict; the history may be either. Raise the
     * budget, or shorten the history (fewer operations, or fewer timeouts: each indeterminate write
     * multiplies the orders to consider).
     */
    record Unknown(long steps, long stepBudget) implements LinearizabilityResult {
        @Override
        public String toString() {
            return "unknown: no verdict within the budget of " + stepBudget + " search steps";
        }
    }
}
