package chorus.sim.linearizability;

import chorus.sim.linearizability.RegisterOperation.Kind;
import chorus.sim.linearizability.RegisterOperation.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A history prepared for the search: operations that cannot matter are dropped, the rest are numbered
 * (completed operations {@code 0..completed-1} by invocation, then indeterminate ones, also by
 * invocation) and their values are replaced by small integers. Immutable after construction.
 *
 * <p>Values no operation ever compares against (no read returned them, no CAS expected them) are all
 * mapped to {@link #UNOBSERVED}: from any future step's point of view two such values behave alike,
 * so merging them merges search states that would otherwise be explored twice.
 */
final class EncodedHistory {
    static final int ABSENT = 0;
    static final int UNOBSERVED = 1;

    final RegisterOperation[] operations;
    final int completed;
    final int initialState;
    final String initialValue;
    final Kind[] kinds;
    final int[] arguments;
    final int[] expecteds;
    final int[] results;
    final boolean[] applieds;
    /**
     * Indeterminate operations (only they have a group) with the same kind and encoded values are
     * interchangeable once both were invoked; {@code rank} numbers the members of each such group by
     * invocation, and the search only places a member after all lower-ranked ones, so it never
     * explores both orders of twins.
     */
    final int[] group;
    final int[] rank;
    final int groups;
    /** Encoded values are {@code 0..valueCount-1}. */
    final int valueCount;

    EncodedHistory(List<RegisterOperation> history, String initialValue) {
        List<RegisterOperation> relevant = relevantOperations(history);
        this.operations = relevant.toArray(RegisterOperation[]::new);
        this.completed = (int) relevant.stream().filter(operation -> !operation.isIndeterminate()).count();
        this.initialValue = initialValue;
        Map<String, Integer> codes = observedValueCodes(relevant);
        this.initialState = encode(codes, initialValue);
        this.valueCount = UNOBSERVED + 1 + codes.size();
        int size = operations.length;
        kinds = new Kind[size];
        arguments = new int[size];
        expecteds = new int[size];
        results = new int[size];
        applieds = new boolean[size];
        for (int i = 0; i < size; i++) {
            RegisterOperation operation = operations[i];
            kinds[i] = operation.kind();
            arguments[i] = encode(codes, operation.argument());
            expecteds[i] = encode(codes, operation.expected());
            results[i] = encode(codes, operation.result());
            applieds[i] = operation.applied();
        }
        group = new int[size];
        rank = new int[size];
        groups = groupTwins();
    }

    int size() {
        return operations.length;
    }

    boolean isIndeterminate(int operation) {
        return operation >= completed;
    }

    /** The value a completed operation needs the register to hold when it takes effect, or -1. */
    int needs(int operation) {
        if (isIndeterminate(operation)) {
            return -1;
        }
        return switch (kinds[operation]) {
            case READ -> results[operation];
            case WRITE -> -1;
            case CAS -> applieds[operation] ? expecteds[operation] : -1;
        };
    }

    /** The value the operation writes if it takes effect where it is possible, or -1. */
    int writes(int operation) {
        return switch (kinds[operation]) {
            case READ -> -1;
            case WRITE -> arguments[operation];
            case CAS -> applieds[operation] || isIndeterminate(operation) ? arguments[operation] : -1;
        };
    }

    /**
     * Failed operations never took effect, and an indeterminate read changes nothing and constrains
     * nothing, so neither takes part. Completed operations come first, ordered by invocation.
     */
    private static List<RegisterOperation> relevantOperations(List<RegisterOperation> history) {
        Comparator<RegisterOperation> byInvocation = Comparator.comparingLong(RegisterOperation::invokeNanos)
                .thenComparingLong(RegisterOperation::completeNanos)
                .thenComparingLong(RegisterOperation::id);
        List<RegisterOperation> completed = new ArrayList<>();
        List<RegisterOperation> indeterminate = new ArrayList<>();
        for (RegisterOperation operation : history) {
            if (operation.outcome() == Outcome.OK) {
                completed.add(operation);
            } else if (operation.outcome() == Outcome.INDETERMINATE && operation.kind() != Kind.READ) {
                indeterminate.add(operation);
            }
        }
        completed.sort(byInvocation);
        indeterminate.sort(byInvocation);
        completed.addAll(indeterminate);
        return completed;
    }

    private static Map<String, Integer> observedValueCodes(List<RegisterOperation> operations) {
        Set<String> observed = new HashSet<>();
        for (RegisterOperation operation : operations) {
            if (operation.result() != null) {
                observed.add(operation.result());
            }
            if (operation.expected() != null) {
                observed.add(operation.expected());
            }
        }
        Map<String, Integer> codes = new HashMap<>();
        for (RegisterOperation operation : operations) {
            for (String value : new String[] {operation.result(), operation.expected(), operation.argument()}) {
                if (value != null && observed.contains(value)) {
                    codes.putIfAbsent(value, UNOBSERVED + 1 + codes.size());
                }
            }
        }
        return codes;
    }

    private static int encode(Map<String, Integer> codes, String value) {
        if (value == null) {
            return ABSENT;
        }
        return codes.getOrDefault(value, UNOBSERVED);
    }

    private int groupTwins() {
        Map<List<Object>, Integer> groupOf = new HashMap<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = completed; i < operations.length; i++) {
            List<Object> signature = List.of(kinds[i], arguments[i], expecteds[i]);
            int id = groupOf.computeIfAbsent(signature, ignored -> groupOf.size());
            if (id == sizes.size()) {
                sizes.add(0);
            }
            group[i] = id;
            rank[i] = sizes.get(id);
            sizes.set(id, rank[i] + 1);
        }
        return sizes.size();
    }
}
