package chorus.core.model;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;

/**
 * One versioned value of a row: a column (kind tag + name), its value or a tombstone, the
 * timestamp that orders it against other versions (last write wins, D4), and an optional expiry.
 *
 * @param value           the value, or {@code null} for a tombstone
 * @param expiresAtMillis wall-clock expiry in epoch milliseconds, or 0 for none; an expired cell
 *                        reads as deleted but still competes by timestamp
 */
public record Cell(Bytes column, Bytes value, Timestamp timestamp, long expiresAtMillis) {
    public Cell {
        requireNonNull(column, "column is null");
        requireNonNull(timestamp, "timestamp is null");
        if (column.isEmpty()) {
            throw new IllegalArgumentException("column is empty");
        }
        if (expiresAtMillis < 0) {
            throw new IllegalArgumentException("expiresAtMillis " + expiresAtMillis + " is negative");
        }
        if (value == null) {
            expiresAtMillis = 0; // A tombstone never expires; one form keeps merges deterministic.
        }
    }

    public static Cell value(Bytes column, Bytes value, Timestamp timestamp) {
        return new Cell(column, requireNonNull(value, "value is null"), timestamp, 0);
    }

    public static Cell tombstone(Bytes column, Timestamp timestamp) {
        return new Cell(column, null, timestamp, 0);
    }

    public ColumnKind kind() {
        return ColumnKind.of(column.byteAt(0));
    }

    /** The column name after the kind tag: the hash field, or the counter shard's node. */
    public Bytes name() {
        return Bytes.copyOf(column.arrayUnsafe(), 1, column.length() - 1);
    }

    public boolean isTombstone() {
        return value == null;
    }

    public boolean isLive(long nowMillis) {
        return value != null && (expiresAtMillis == 0 || nowMillis < expiresAtMillis);
    }

    /**
     * Whether a tombstone purge at {@code purgeBeforeMillis} drops this cell: a tombstone written
     * before it, or a value that expired before it.
     */
    public boolean isPurgeable(long purgeBeforeMillis) {
        return value == null ? timestamp.physicalMillis() < purgeBeforeMillis
                : expiresAtMillis != 0 && expiresAtMillis < purgeBeforeMillis;
    }

    public Cell withTimestamp(Timestamp newTimestamp) {
        return new Cell(column, value, newTimestamp, expiresAtMillis);
    }

    /**
     * Last write wins: the later timestamp; at equal timestamps a tombstone, then the larger value,
     * then the later expiry, so that every replica picks the same winner whatever the merge order.
     */
    public static Cell reconcile(Cell a, Cell b) {
        int byTime = a.timestamp.compareTo(b.timestamp);
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        if (a.isTombstone() || b.isTombstone()) {
            return a.isTombstone() ? a : b;
        }
        int byValue = a.value.compareTo(b.value);
        if (byValue != 0) {
            return byValue > 0 ? a : b;
        }
        return a.expiresAtMillis >= b.expiresAtMillis ? a : b;
    }

    public static Bytes column(ColumnKind kind, Bytes name) {
        byte[] column = new byte[name.length() + 1];
        column[0] = kind.tag();
        System.arraycopy(name.arrayUnsafe(), 0, column, 1, name.length());
        return Bytes.wrapUnsafe(column);
    }
}
