package chorus.core.port;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;

/** One stored entry of a non-data store (hints): an opaque key and value. */
public record KeyValue(Bytes key, Bytes value) {
    public KeyValue {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
