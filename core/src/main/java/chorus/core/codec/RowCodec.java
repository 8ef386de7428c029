package chorus.core.codec;

import chorus.core.model.Cell;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of rows and keys, shared by the internode codec and the storage engine (so a row is
 * encoded one way everywhere). Layout of a row: tombstone timestamp, cell count, then per cell:
 * column, a flags byte (bit 0: has value, bit 1: has expiry), value, timestamp, expiry.
 */
public final class RowCodec {
    private static final int HAS_VALUE = 1;
    private static final int HAS_EXPIRY = 2;

    private RowCodec() {
    }

    public static byte[] encode(Row row) {
        WireWriter writer = new WireWriter(maxEncodedSize(row));
        writeRow(writer, row);
        return writer.toByteArray();
    }

    /**
     * An upper bound of {@link #writeRow}'s output, so that a writer sized with it never grows: a
     * writer that starts small doubles two or three times for an ordinary row, and every doubling
     * is a new array and a copy (JMH: about 15% of the bytes a QUORUM write allocates).
     */
    public static int maxEncodedSize(Row row) {
        int size = TIMESTAMP_MAX + VARINT_MAX;
        for (Cell cell : row.cells().values()) {
            size += VARINT_MAX + cell.column().length() + 1 + TIMESTAMP_MAX + VARINT_MAX;
            if (cell.value() != null) {
                size += VARINT_MAX + cell.value().length();
            }
        }
        return size;
    }

    /** An upper bound of {@link #writeKey}'s output (a keyspace name is at most 3 bytes per char). */
    public static int maxEncodedSize(RowKey key) {
        return 2 * VARINT_MAX + 3 * key.keyspace().length() + key.key().length();
    }

    /** A varint of a long takes at most 10 bytes; a timestamp is two varints. */
    private static final int VARINT_MAX = 10;
    private static final int TIMESTAMP_MAX = 2 * VARINT_MAX;

    public static Row decode(byte[] bytes) {
        WireReader reader = new WireReader(bytes);
        Row row = readRow(reader);
        reader.expectEnd();
        return row;
    }

    public static void writeRow(WireWriter writer, Row row) {
        writeTimestamp(writer, row.deletedAt());
        writer.writeVarLong(row.cells().size());
        for (Cell cell : row.cells().values()) {
            writer.writeBytes(cell.column());
            int flags = (cell.value() != null ? HAS_VALUE : 0) | (cell.expiresAtMillis() != 0 ? HAS_EXPIRY : 0);
            writer.writeByte(flags);
            if (cell.value() != null) {
                writer.writeBytes(cell.value());
            }
            writeTimestamp(writer, cell.timestamp());
            if (cell.expiresAtMillis() != 0) {
                writer.writeVarLong(cell.expiresAtMillis());
            }
        }
    }

    public static Row readRow(WireReader reader) {
        Timestamp deletedAt = readTimestamp(reader);
        int count = reader.readVarInt();
        List<Cell> cells = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            var column = reader.readBytes();
            int flags = reader.readByte();
            var value = (flags & HAS_VALUE) != 0 ? reader.readBytes() : null;
            Timestamp timestamp = readTimestamp(reader);
            long expiry = (flags & HAS_EXPIRY) != 0 ? reader.readVarLong() : 0;
            cells.add(construct(() -> new Cell(column, value, timestamp, expiry)));
        }
        return construct(() -> Row.of(deletedAt, cells));
    }

    public static void writeTimestamp(WireWriter writer, Timestamp timestamp) {
        writer.writeVarLong(timestamp.time()).writeVarLong(timestamp.node());
    }

    public static Timestamp readTimestamp(WireReader reader) {
        long time = reader.readVarLong();
        int node = reader.readVarInt();
        return new Timestamp(time, node);
    }

    public static void writeKey(WireWriter writer, RowKey key) {
        writer.writeString(key.keyspace()).writeBytes(key.key());
    }

    public static RowKey readKey(WireReader reader) {
        String keyspace = reader.readString();
        return new RowKey(keyspace, reader.readBytes());
    }

    /** Turns a model validation failure on decoded input into a format error. */
    public static <T> T construct(java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid content: " + e.getMessage());
        }
    }
}
