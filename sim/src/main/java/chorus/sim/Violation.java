package chorus.sim;

/** A property a checker found broken, with the key involved so the run can be replayed with a trace. */
public record Violation(String kind, String key, String description) {
    @Override
    public String toString() {
        return kind + " on key " + key + ": " + description;
    }
}
