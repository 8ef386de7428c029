package chorus.core.topology;

/**
 * A node's identity in the cluster: a small positive number chosen by the operator, shown as
 * {@code n1}, {@code n2}, ... It never changes for the life of a node's data directory.
 */
public record NodeId(int value) implements Comparable<NodeId> {
    public static final int MAX = 1023;

    public NodeId {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException("node id " + value + " is invalid (expected: 1.." + MAX + ")");
        }
    }

    public static NodeId of(int value) {
        return new NodeId(value);
    }

    /** Parses {@code n3} or {@code 3}. */
    public static NodeId parse(String text) {
        String digits = text.startsWith("n") ? text.substring(1) : text;
        try {
            return new NodeId(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("node id '" + text + "' is invalid (expected: n1..n" + MAX + ")");
        }
    }

    @Override
    public int compareTo(NodeId other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return "n" + value;
    }
}
