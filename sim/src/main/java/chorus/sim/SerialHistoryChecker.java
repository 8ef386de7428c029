package chorus.sim;

import chorus.sim.linearizability.LinearizabilityChecker;
import chorus.sim.linearizability.LinearizabilityResult;
import chorus.sim.linearizability.RegisterOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks D6's promise on the keys the workload touches only with SERIAL operations: each key's
 * history of reads, writes and compare-and-sets must be linearizable. A check that runs out of
 * its budget proves nothing and is reported, not passed.
 */
final class SerialHistoryChecker {
    private static final LinearizabilityChecker CHECKER = new LinearizabilityChecker();

    private SerialHistoryChecker() {
    }

    static List<Violation> check(History history, String serialPrefix) {
        Map<String, List<RegisterOperation>> byKey = new TreeMap<>();
        for (Operation operation : history.operations()) {
            if (operation.key.startsWith(serialPrefix) && operation.outcome != Operation.Outcome.PENDING) {
                RegisterOperation register = toRegister(operation);
                if (register != null) {
                    byKey.computeIfAbsent(operation.key, key -> new ArrayList<>()).add(register);
                }
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, List<RegisterOperation>> entry : byKey.entrySet()) {
            LinearizabilityResult result = CHECKER.check(entry.getValue());
            if (result instanceof LinearizabilityResult.NotLinearizable) {
                violations.add(new Violation("not-linearizable", entry.getKey(), "SERIAL history of "
                        + entry.getValue().size() + " operations has no linearization: " + result));
            } else if (result instanceof LinearizabilityResult.Unknown) {
                violations.add(new Violation("linearizability-unproven", entry.getKey(), result.toString()));
            }
        }
        return violations;
    }

    /** The register view of a client operation; failed reads say nothing and are left out. */
    private static RegisterOperation toRegister(Operation operation) {
        long id = operation.id;
        long invoke = operation.invokeNanos;
        long complete = operation.completeNanos;
        RegisterOperation register = switch (operation.type) {
            case READ -> operation.outcome == Operation.Outcome.OK
                    ? RegisterOperation.read(id, operation.client, invoke, complete, operation.value) : null;
            case WRITE -> RegisterOperation.write(id, operation.client, invoke, complete, operation.value);
            case CAS -> RegisterOperation.cas(id, operation.client, invoke, complete, operation.expected, operation.value,
                    operation.applied);
        };
        if (register == null || operation.type == Operation.Type.READ) {
            return register;
        }
        return switch (operation.outcome) {
            case OK, PENDING -> register;
            case INDETERMINATE -> register.indeterminate();
            case FAILED -> register.failed();
        };
    }
}
