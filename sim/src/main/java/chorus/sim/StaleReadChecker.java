package chorus.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the promise of QUORUM (D3) on keys written only at QUORUM or ALL: every successful
 * QUORUM or ALL read returns a value that no acknowledged write, and no earlier QUORUM read,
 * has definitely superseded.
 *
 * <p>Write B definitely supersedes write A when A was acknowledged before B was invoked. A read
 * must not return A once such a B was acknowledged before the read began (a lost write; a
 * read-your-writes violation when the same client wrote B), nor once an earlier strong read
 * returned such a B (a value read at QUORUM that disappeared). A write whose outcome is unknown
 * is concurrent with everything after its invocation and may be returned at any later time; a
 * write rejected before it was sent must never be read.
 */
final class StaleReadChecker {
    private StaleReadChecker() {
    }

    static List<Violation> check(History history, String checkedPrefix) {
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation operation : history.operations()) {
            if (operation.key.startsWith(checkedPrefix)) {
                byKey.computeIfAbsent(operation.key, key -> new ArrayList<>()).add(operation);
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (List<Operation> operations : byKey.values()) {
            Floors floors = new Floors(history, operations);
            for (Operation read : operations) {
                if (read.type == Operation.Type.READ && read.outcome == Operation.Outcome.OK && read.isStrong()) {
                    checkRead(history, floors, read, violations);
                }
            }
        }
        return violations;
    }

    private static void checkRead(History history, Floors floors, Operation read, List<Violation> violations) {
        Operation source = read.value == null ? null : history.writeOf(read.value);
        if (read.value != null && (source == null || !source.key.equals(read.key))) {
            violations.add(new Violation("phantom-read", read.key, read + " returned a value nobody wrote to this key"));
            return;
        }
        if (source != null && source.outcome == Operation.Outcome.FAILED) {
            violations.add(new Violation("phantom-read", read.key, read + " returned the value of rejected " + source));
            return;
        }
        if (source != null && source.invokeNanos > read.completeNanos) {
            violations.add(new Violation("read-from-future", read.key, read + " returned the value of later " + source));
            return;
        }
        Floor floor = floors.before(read.invokeNanos);
        if (floor == null) {
            return;
        }
        if (source == null) {
            violations.add(new Violation(floor.kind(read), read.key, read + " found the key absent, but " + floor.why()));
        } else if (source.outcome == Operation.Outcome.OK && source.completeNanos < floor.invokeNanos) {
            violations.add(new Violation(floor.kind(read), read.key, read + " returned " + source + ", but " + floor.why()));
        }
    }

    /** The newest write a read must not fall behind, and the operation that makes it so. */
    private record Floor(long invokeNanos, Operation write, Operation witness) {
        String kind(Operation read) {
            if (witness.type == Operation.Type.READ) {
                return "value-disappeared";
            }
            return witness.client == read.client ? "read-your-writes" : "lost-write";
        }

        String why() {
            return witness == write ? "acknowledged " + write + " had completed before"
                    : "earlier " + witness + " had already returned " + write;
        }
    }

    /**
     * For any instant, the floor set by the strong operations completed before it: strong successful
     * operations sorted by completion, with a running maximum, answer each read in O(log n).
     */
    private static final class Floors {
        private final long[] completions;
        private final Floor[] runningMaximum;

        Floors(History history, List<Operation> operations) {
            List<Operation> strong = new ArrayList<>();
            for (Operation operation : operations) {
                if (operation.outcome == Operation.Outcome.OK && operation.isStrong()) {
                    strong.add(operation);
                }
            }
            strong.sort(Comparator.comparingLong(operation -> operation.completeNanos));
            completions = new long[strong.size()];
            runningMaximum = new Floor[strong.size()];
            Floor floor = null;
            for (int i = 0; i < strong.size(); i++) {
                Operation witness = strong.get(i);
                Operation write = witness.type == Operation.Type.WRITE ? witness
                        : witness.value == null ? null : history.writeOf(witness.value);
                if (write != null && (floor == null || write.invokeNanos > floor.invokeNanos)) {
                    floor = new Floor(write.invokeNanos, write, witness);
                }
                completions[i] = witness.completeNanos;
                runningMaximum[i] = floor;
            }
        }

        /** The floor of everything that completed strictly before {@code instant}, or null. */
        Floor before(long instant) {
            int low = 0;
            int high = completions.length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (completions[middle] < instant) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low == 0 ? null : runningMaximum[low - 1];
        }
    }
}
