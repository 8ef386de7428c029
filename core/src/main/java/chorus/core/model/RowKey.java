package chorus.core.model;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.core.topology.Slots;

/** A key within a keyspace. Its slot decides which replicas hold it (D2). */
public record RowKey(String keyspace, Bytes key) {
    public RowKey {
        requireNonNull(keyspace, "keyspace is null");
        requireNonNull(key, "key is null");
    }

    public int slot() {
        return Slots.slotOf(key);
    }

    @Override
    public String toString() {
        return keyspace + ":" + key;
    }
}
