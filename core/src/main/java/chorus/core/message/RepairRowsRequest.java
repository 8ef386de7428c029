package chorus.core.message;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Send me your rows of one slot that fall into these leaves of a tree of {@code depth}, at most
 * {@code limit} of them. Reply: {@link RepairRowsResponse}. Only differing ranges are ever requested.
 */
public record RepairRowsRequest(long requestId, String keyspace, int slot, int depth, List<Integer> leaves, int limit)
        implements Message {
    public RepairRowsRequest {
        requireNonNull(keyspace, "keyspace is null");
        leaves = List.copyOf(requireNonNull(leaves, "leaves is null"));
    }

    @Override
    public Verb verb() {
        return Verb.REPAIR_ROWS_REQUEST;
    }
}
