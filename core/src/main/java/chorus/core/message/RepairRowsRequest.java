package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import java.util.List;

/**
 * Send me your rows of one slot that fall into these leaves of a tree of {@code depth}, in key order
 * from {@code fromKey} (inclusive), at most {@code limit} of them. Reply: {@link RepairRowsResponse}.
 * Only differing ranges are ever requested.
 */
public record RepairRowsRequest(long requestId, String keyspace, int slot, int depth, List<Integer> leaves,
                                Bytes fromKey, int limit) implements Message {
    public RepairRowsRequest {
        requireNonNull(keyspace, "keyspace is null");
        requireNonNull(fromKey, "fromKey is null");
        leaves = List.copyOf(requireNonNull(leaves, "leaves is null"));
    }

    @Override
    public Verb verb() {
        return Verb.REPAIR_ROWS_REQUEST;
    }
}
