package chorus.core.model;

import static java.util.Objects.requireNonNull;

/** A change to one key: the row to merge into what the replica holds. */
public record Mutation(RowKey key, Row row) {
    public Mutation {
        requireNonNull(key, "key is null");
        requireNonNull(row, "row is null");
    }
}
