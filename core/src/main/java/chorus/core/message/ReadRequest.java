package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.RowKey;

/** Send me your row for this key. Reply: {@link ReadResponse} with the same id. */
public record ReadRequest(long requestId, RowKey key) implements Message {
    public ReadRequest {
        requireNonNull(key, "key is null");
    }

    @Override
    public Verb verb() {
        return Verb.READ_REQUEST;
    }
}
