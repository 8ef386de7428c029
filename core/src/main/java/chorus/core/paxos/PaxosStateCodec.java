package chorus.core.paxos;

import chorus.api.Bytes;
import chorus.core.codec.RowCodec;
import chorus.core.codec.WireReader;
import chorus.core.codec.WireWriter;
import chorus.core.model.RowKey;

/** The stored form of {@link PaxosState}, and the state key it is stored under for a data key. */
public final class PaxosStateCodec {
    private static final int VERSION = 2;

    private PaxosStateCodec() {
    }

    /** {@code paxos/} + keyspace + NUL + key: one state entry per key, apart from node metadata. */
    public static Bytes stateKey(RowKey key) {
        WireWriter writer = new WireWriter(16 + key.key().length());
        for (byte b : "paxos/".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            writer.writeByte(b);
        }
        writer.writeString(key.keyspace()).writeBytes(key.key());
        return Bytes.wrapUnsafe(writer.toByteArray());
    }

    public static Bytes encode(PaxosState state) {
        WireWriter writer = new WireWriter(64);
        writer.writeByte(VERSION);
        RowCodec.writeTimestamp(writer, state.promised());
        RowCodec.writeTimestamp(writer, state.acceptedBallot());
        RowCodec.writeTimestamp(writer, state.acceptedOrigin());
        RowCodec.writeRow(writer, state.acceptedUpdate());
        RowCodec.writeTimestamp(writer, state.committedBallot());
        RowCodec.writeTimestamp(writer, state.committedOrigin());
        return Bytes.wrapUnsafe(writer.toByteArray());
    }

    /** Decodes a stored state; throws {@link chorus.core.codec.WireFormatException} on damage. */
    public static PaxosState decode(Bytes bytes) {
        WireReader reader = new WireReader(bytes.arrayUnsafe());
        int version = reader.readByte();
        if (version != VERSION) {
            throw new chorus.core.codec.WireFormatException("unknown Paxos state version " + version);
        }
        PaxosState state = new PaxosState(RowCodec.readTimestamp(reader), RowCodec.readTimestamp(reader),
                RowCodec.readTimestamp(reader), RowCodec.readRow(reader), RowCodec.readTimestamp(reader),
                RowCodec.readTimestamp(reader));
        reader.expectEnd();
        return state;
    }
}
