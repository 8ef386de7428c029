package chorus.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every client operation of a run, in invocation order, and the writes indexed by value. */
public final class History {
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, Operation> writesByValue = new HashMap<>();

    void add(Operation operation) {
        operations.add(operation);
        if (operation.type == Operation.Type.WRITE) {
            writesByValue.put(operation.value, operation);
        }
    }

    public List<Operation> operations() {
        return operations;
    }

    Operation writeOf(String value) {
        return writesByValue.get(value);
    }

    long count(Operation.Outcome outcome) {
        return operations.stream().filter(operation -> operation.outcome == outcome).count();
    }
}
