package chorus.core.model;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.core.topology.Slots;

/**
 * A key within a keyspace. Its slot decides which replicas hold it (D2).
 *
 * <p>A value class like a record, with one addition: the slot is computed once, on first use. A
 * request asks for it several times on the node thread (planning, routing, replica checks) and
 * again on the storage thread (the storage key), and each time was a CRC16 over the key.
 */
public final class RowKey {
    private static final int NOT_COMPUTED = -1;

    private final String keyspace;
    private final Bytes key;
    /** Written at most once per thread that asks first; every writer writes the same value. */
    private int slot = NOT_COMPUTED;

    public RowKey(String keyspace, Bytes key) {
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
        this.key = requireNonNull(key, "key is null");
    }

    public String keyspace() {
        return keyspace;
    }

    public Bytes key() {
        return key;
    }

    public int slot() {
        int known = slot;
        if (known == NOT_COMPUTED) {
            known = Slots.slotOf(key);
            slot = known;
        }
        return known;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RowKey that && keyspace.equals(that.keyspace) && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return 31 * keyspace.hashCode() + key.hashCode();
    }

    @Override
    public String toString() {
        return keyspace + ":" + key;
    }
}
