package chorus.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Relative weights of operations, written {@code get=50,set=50}. Immutable and thread-safe; the
 * caller brings its own random generator.
 */
final class OperationMix {
    private final Operation[] operations;
    private final int[] cumulativeWeights;
    private final int totalWeight;

    private OperationMix(Map<Operation, Integer> weights) {
        List<Operation> chosen = new ArrayList<>();
        List<Integer> cumulative = new ArrayList<>();
        int total = 0;
        for (Map.Entry<Operation, Integer> entry : weights.entrySet()) {
            if (entry.getValue() > 0) {
                total += entry.getValue();
                chosen.add(entry.getKey());
                cumulative.add(total);
            }
        }
        this.operations = chosen.toArray(new Operation[0]);
        this.cumulativeWeights = cumulative.stream().mapToInt(Integer::intValue).toArray();
        this.totalWeight = total;
    }

    static OperationMix parse(String text) {
        Map<Operation, Integer> weights = new EnumMap<>(Operation.class);
        for (String part : text.split(",")) {
            String[] pair = part.split("=", -1);
            if (pair.length != 2) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not OPERATION=WEIGHT (e.g. get=50)");
            }
            Operation operation = Operation.parse(pair[0]).orElseThrow(() -> new IllegalArgumentException(
                    "unknown operation '" + pair[0].trim() + "' (expected one of: "
                            + Arrays.stream(Operation.values()).map(Operation::label).collect(Collectors.joining(", "))
                            + ")"));
            int weight;
            try {
                weight = Integer.parseInt(pair[1].trim());
            } catch (NumberFormatException e) {
                weight = -1;
            }
            if (weight < 0 || weight > 1_000_000) {
                throw new IllegalArgumentException("weight of " + operation.label() + " is '" + pair[1].trim()
                        + "' (expected: 0..1000000)");
            }
            weights.merge(operation, weight, Integer::sum);
        }
        if (weights.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("the mix '" + text + "' has no operation with a positive weight");
        }
        return new OperationMix(weights);
    }

    Operation next(SplittableRandom random) {
        if (operations.length == 1) {
            return operations[0];
        }
        int draw = random.nextInt(totalWeight);
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (draw < cumulativeWeights[i]) {
                return operations[i];
            }
        }
        throw new IllegalStateException("draw " + draw + " beyond total weight " + totalWeight);
    }

    boolean includes(Operation operation) {
        return Arrays.asList(operations).contains(operation);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        int previous = 0;
        for (int i = 0; i < operations.length; i++) {
            out.append(i > 0 ? "," : "").append(operations[i].label()).append('=')
                    .append(cumulativeWeights[i] - previous);
            previous = cumulativeWeights[i];
        }
        return out.toString();
    }
}
