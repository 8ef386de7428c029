package chorus.core.replication;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.api.ErrorCode;
import chorus.core.model.Mutation;
import java.util.List;

/** One page of a slot scan. */
public sealed interface ScanResult {
    /**
     * Rows in key order (merged across the replicas that answered; some may hold only
     * tombstones), and the key to continue from, or null when the slot is exhausted.
     */
    record Page(List<Mutation> rows, Bytes nextKey) implements ScanResult {
        public Page {
            rows = List.copyOf(requireNonNull(rows, "rows is null"));
        }
    }

    record Failed(ErrorCode code, String message) implements ScanResult {
        public Failed {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }
}
