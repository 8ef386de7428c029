package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;

/**
 * Send me up to {@code limit} of your rows of one slot of a keyspace, in key order, from
 * {@code fromKey} (inclusive). Reply: {@link ScanResponse}. Used by SCAN, KEYS and DBSIZE.
 */
public record ScanRequest(long requestId, String keyspace, int slot, Bytes fromKey, int limit) implements Message {
    public ScanRequest {
        requireNonNull(keyspace, "keyspace is null");
        requireNonNull(fromKey, "fromKey is null");
    }

    @Override
    public Verb verb() {
        return Verb.SCAN_REQUEST;
    }
}
