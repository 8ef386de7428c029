package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Mutation;
import java.util.List;

/**
 * The sender's rows in the requested leaves, in key order. {@code complete} is false when the limit
 * cut them short (the repair then asks for the next page); {@code ok} false if the sender could not scan.
 */
public record RepairRowsResponse(long requestId, boolean ok, boolean complete, List<Mutation> rows) implements Message {
    public RepairRowsResponse {
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    @Override
    public Verb verb() {
        return Verb.REPAIR_ROWS_RESPONSE;
    }
}
