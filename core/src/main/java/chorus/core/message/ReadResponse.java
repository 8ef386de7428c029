package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Row;

/** The sender's row for the key of request {@code requestId}; {@code ok} false if it could not read. */
public record ReadResponse(long requestId, boolean ok, Row row) implements Message {
    public ReadResponse {
        requireNonNull(row, "row is null");
    }

    @Override
    public Verb verb() {
        return Verb.READ_RESPONSE;
    }
}
