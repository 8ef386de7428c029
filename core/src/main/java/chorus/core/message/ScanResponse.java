package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Mutation;
import java.util.List;

/** The sender's rows for the scan of request {@code requestId}; {@code ok} false if it could not read. */
public record ScanResponse(long requestId, boolean ok, List<Mutation> rows) implements Message {
    public ScanResponse {
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    @Override
    public Verb verb() {
        return Verb.SCAN_RESPONSE;
    }
}
