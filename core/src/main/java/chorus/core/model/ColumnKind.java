package chorus.core.model;

/**
 * What a cell holds, encoded as the first byte of its column name so that one row (one key) is a
 * single sorted map of cells whatever its Redis type. The key's type is the kind of its live cells.
 */
public enum ColumnKind {
    /** The one cell of a string key; its column is just this byte. */
    STRING(1),
    /** One field of a hash: the column is this byte followed by the field name. */
    HASH_FIELD(2),
    /** One shard of a PN counter, written only by the node named in the column ({@link PnCounter}). */
    COUNTER_SHARD(3);

    private final byte tag;

    ColumnKind(int tag) {
        this.tag = (byte) tag;
    }

    public byte tag() {
        return tag;
    }

    public static ColumnKind of(byte tag) {
        for (ColumnKind kind : values()) {
            if (kind.tag == tag) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown column kind " + tag);
    }
}
