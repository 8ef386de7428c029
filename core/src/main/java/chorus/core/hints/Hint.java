package chorus.core.hints;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.core.codec.RowCodec;
import chorus.core.codec.WireReader;
import chorus.core.codec.WireWriter;
import chorus.core.model.Mutation;
import chorus.core.topology.NodeId;

/**
 * A write that a replica missed, kept by the coordinator until the replica is back (D8).
 *
 * <p>Stored under the key {@code target (4 bytes) | createdAtMillis (8) | id (8)}, big-endian, so a
 * prefix scan of one target returns its hints oldest first; the random id keeps two hints created
 * in the same millisecond (or after a clock jumped back across a restart) from replacing each other.
 *
 * @param createdAtMillis the coordinator's wall clock when the hint was made, for the hint window
 */
public record Hint(NodeId target, long createdAtMillis, long id, Mutation mutation) {
    public Hint {
        requireNonNull(target, "target is null");
        requireNonNull(mutation, "mutation is null");
    }

    public static Bytes prefix(NodeId target) {
        return Bytes.wrapUnsafe(new WireWriter(4).writeByte(target.value() >>> 24).writeByte(target.value() >>> 16)
                .writeByte(target.value() >>> 8).writeByte(target.value()).toByteArray());
    }

    public Bytes storageKey() {
        WireWriter writer = new WireWriter(20);
        int target = this.target.value();
        writer.writeByte(target >>> 24).writeByte(target >>> 16).writeByte(target >>> 8).writeByte(target);
        writer.writeLong(createdAtMillis).writeLong(id);
        return Bytes.wrapUnsafe(writer.toByteArray());
    }

    public Bytes storageValue() {
        WireWriter writer = new WireWriter(64);
        writer.writeVarLong(target.value()).writeVarLong(createdAtMillis).writeLong(id);
        RowCodec.writeKey(writer, mutation.key());
        RowCodec.writeRow(writer, mutation.row());
        return Bytes.wrapUnsafe(writer.toByteArray());
    }

    /** Decodes a stored hint; throws {@link chorus.core.codec.WireFormatException} when it is corrupt. */
    public static Hint decode(Bytes value) {
        WireReader reader = new WireReader(value.arrayUnsafe());
        NodeId target = RowCodec.construct(() -> new NodeId(reader.readVarInt()));
        long createdAt = reader.readVarLong();
        long id = reader.readLong();
        Mutation mutation = new Mutation(RowCodec.readKey(reader), RowCodec.readRow(reader));
        reader.expectEnd();
        return new Hint(target, createdAt, id, mutation);
    }
}
