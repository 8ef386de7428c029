package chorus.wire;

import chorus.core.codec.RowCodec;
import chorus.core.codec.WireFormatException;
import chorus.core.codec.WireReader;
import chorus.core.codec.WireWriter;

import chorus.core.membership.EndpointState;
import chorus.core.message.Envelope;
import chorus.core.message.GossipMessage;
import chorus.core.message.MerkleTreeRequest;
import chorus.core.message.MerkleTreeResponse;
import chorus.core.message.RepairRowsRequest;
import chorus.core.message.RepairRowsResponse;
import chorus.core.message.RepairStream;
import chorus.core.message.Message;
import chorus.core.message.PaxosAccepted;
import chorus.core.message.PaxosCommit;
import chorus.core.message.PaxosPromise;
import chorus.core.message.PaxosPropose;
import chorus.core.message.PaxosPrepare;
import chorus.core.message.MutationAck;
import chorus.core.message.MutationRequest;
import chorus.core.message.ReadRequest;
import chorus.core.message.ReadResponse;
import chorus.core.message.ScanRequest;
import chorus.core.message.ScanResponse;
import chorus.core.message.Verb;
import chorus.core.model.Mutation;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of internode messages, used by the Netty transport and by the simulator alike,
 * so that the simulation exercises the codec on every message it delivers.
 *
 * <p>Layout: format version (1 byte), verb code, sender node id, sender clock, then the verb's
 * fields. A receiver rejects an unknown version or verb with {@link WireFormatException}.
 */
public final class MessageCodec {
    public static final int VERSION = 1;

    private MessageCodec() {
    }

    /** Version, verb, sender, clock, a request id and a flag: an upper bound of every message's header. */
    private static final int HEADER_MAX = 48;

    /**
     * Enough for the messages of every client request (mutations, reads and their answers) not to
     * grow the writer, which otherwise doubles from 64 bytes two or three times per message; rarer
     * messages start at 64 bytes and grow.
     */
    private static int initialCapacity(Message message) {
        if (message instanceof MutationRequest request) {
            return HEADER_MAX + RowCodec.maxEncodedSize(request.mutation().key())
                    + RowCodec.maxEncodedSize(request.mutation().row());
        } else if (message instanceof ReadResponse response) {
            return HEADER_MAX + RowCodec.maxEncodedSize(response.row());
        } else if (message instanceof ReadRequest request) {
            return HEADER_MAX + RowCodec.maxEncodedSize(request.key());
        }
        return 64;
    }

    public static byte[] encode(Envelope envelope) {
        Message message = envelope.message();
        WireWriter writer = new WireWriter(initialCapacity(message));
        writer.writeByte(VERSION).writeByte(message.verb().code()).writeVarLong(envelope.from().value());
        RowCodec.writeTimestamp(writer, envelope.clock());
        switch (message.verb()) {
            case MUTATION_REQUEST -> {
                MutationRequest request = (MutationRequest) message;
                writer.writeVarLong(request.requestId());
                RowCodec.writeKey(writer, request.mutation().key());
                RowCodec.writeRow(writer, request.mutation().row());
            }
            case MUTATION_ACK -> {
                MutationAck ack = (MutationAck) message;
                writer.writeVarLong(ack.requestId()).writeBoolean(ack.applied());
                RowCodec.writeTimestamp(writer, ack.newestBefore());
            }
            case READ_REQUEST -> {
                ReadRequest request = (ReadRequest) message;
                writer.writeVarLong(request.requestId());
                RowCodec.writeKey(writer, request.key());
            }
            case READ_RESPONSE -> {
                ReadResponse response = (ReadResponse) message;
                writer.writeVarLong(response.requestId()).writeBoolean(response.ok());
                RowCodec.writeRow(writer, response.row());
            }
            case PAXOS_PREPARE -> {
                PaxosPrepare prepare = (PaxosPrepare) message;
                writer.writeVarLong(prepare.requestId());
                RowCodec.writeKey(writer, prepare.key());
                RowCodec.writeTimestamp(writer, prepare.ballot());
            }
            case PAXOS_PROMISE -> {
                PaxosPromise promise = (PaxosPromise) message;
                writer.writeVarLong(promise.requestId()).writeBoolean(promise.promised());
                RowCodec.writeTimestamp(writer, promise.promisedBallot());
                RowCodec.writeTimestamp(writer, promise.acceptedBallot());
                RowCodec.writeTimestamp(writer, promise.acceptedOrigin());
                RowCodec.writeRow(writer, promise.acceptedUpdate());
                RowCodec.writeTimestamp(writer, promise.committedBallot());
                RowCodec.writeTimestamp(writer, promise.committedOrigin());
                RowCodec.writeRow(writer, promise.data());
            }
            case PAXOS_PROPOSE -> {
                PaxosPropose propose = (PaxosPropose) message;
                writer.writeVarLong(propose.requestId());
                RowCodec.writeKey(writer, propose.key());
                RowCodec.writeTimestamp(writer, propose.ballot());
                RowCodec.writeTimestamp(writer, propose.origin());
                RowCodec.writeRow(writer, propose.update());
            }
            case PAXOS_ACCEPTED -> {
                PaxosAccepted accepted = (PaxosAccepted) message;
                writer.writeVarLong(accepted.requestId()).writeBoolean(accepted.accepted());
                RowCodec.writeTimestamp(writer, accepted.promised());
            }
            case PAXOS_COMMIT -> {
                PaxosCommit commit = (PaxosCommit) message;
                writer.writeVarLong(commit.requestId());
                RowCodec.writeKey(writer, commit.key());
                RowCodec.writeTimestamp(writer, commit.ballot());
                RowCodec.writeTimestamp(writer, commit.origin());
                RowCodec.writeRow(writer, commit.update());
            }
            case SCAN_REQUEST -> {
                ScanRequest scan = (ScanRequest) message;
                writer.writeVarLong(scan.requestId()).writeString(scan.keyspace()).writeVarLong(scan.slot())
                        .writeBytes(scan.fromKey()).writeVarLong(scan.limit());
            }
            case SCAN_RESPONSE -> {
                ScanResponse scan = (ScanResponse) message;
                writer.writeVarLong(scan.requestId()).writeBoolean(scan.ok());
                writeRows(writer, scan.rows());
            }
            case GOSSIP -> {
                List<EndpointState> states = ((GossipMessage) message).states();
                writer.writeVarLong(states.size());
                for (EndpointState state : states) {
                    writer.writeVarLong(state.node().value()).writeVarLong(state.generation())
                            .writeVarLong(state.heartbeatVersion()).writeVarLong(state.epoch());
                }
            }
            case MERKLE_TREE_REQUEST -> {
                MerkleTreeRequest request = (MerkleTreeRequest) message;
                writer.writeVarLong(request.requestId()).writeString(request.keyspace()).writeVarLong(request.slot())
                        .writeVarLong(request.depth()).writeVarLong(request.purgeBeforeMillis());
            }
            case MERKLE_TREE_RESPONSE -> {
                MerkleTreeResponse response = (MerkleTreeResponse) message;
                writer.writeVarLong(response.requestId()).writeBoolean(response.ok()).writeVarLong(response.leaves().size());
                response.leaves().forEach(writer::writeLong);
            }
            case REPAIR_ROWS_REQUEST -> {
                RepairRowsRequest request = (RepairRowsRequest) message;
                writer.writeVarLong(request.requestId()).writeString(request.keyspace()).writeVarLong(request.slot())
                        .writeVarLong(request.depth()).writeVarLong(request.leaves().size());
                request.leaves().forEach(leaf -> writer.writeVarLong(leaf));
                writer.writeBytes(request.fromKey()).writeVarLong(request.limit());
            }
            case REPAIR_ROWS_RESPONSE -> {
                RepairRowsResponse response = (RepairRowsResponse) message;
                writer.writeVarLong(response.requestId()).writeBoolean(response.ok()).writeBoolean(response.complete());
                writeRows(writer, response.rows());
            }
            case REPAIR_STREAM -> {
                RepairStream stream = (RepairStream) message;
                writer.writeVarLong(stream.requestId());
                writeRows(writer, stream.rows());
            }
        }
        return writer.toByteArray();
    }

    private static void writeRows(WireWriter writer, List<Mutation> rows) {
        writer.writeVarLong(rows.size());
        for (Mutation row : rows) {
            RowCodec.writeKey(writer, row.key());
            RowCodec.writeRow(writer, row.row());
        }
    }

    private static List<Mutation> readRows(WireReader reader) {
        int count = reader.readVarInt();
        List<Mutation> rows = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            rows.add(new Mutation(RowCodec.readKey(reader), RowCodec.readRow(reader)));
        }
        return rows;
    }

    private static ScanResponse readScanResponse(WireReader reader) {
        long requestId = reader.readVarLong();
        boolean ok = reader.readBoolean();
        return new ScanResponse(requestId, ok, readRows(reader));
    }

    private static GossipMessage readGossip(WireReader reader) {
        int count = reader.readVarInt();
        List<EndpointState> states = new ArrayList<>(Math.min(count, NodeId.MAX));
        for (int i = 0; i < count; i++) {
            NodeId node = RowCodec.construct(() -> new NodeId(reader.readVarInt()));
            states.add(new EndpointState(node, reader.readVarLong(), reader.readVarLong(), reader.readVarLong()));
        }
        return new GossipMessage(states);
    }

    private static MerkleTreeResponse readTreeResponse(WireReader reader) {
        long requestId = reader.readVarLong();
        boolean ok = reader.readBoolean();
        int count = reader.readVarInt();
        List<Long> leaves = new ArrayList<>(Math.min(count, 1 << 16));
        for (int i = 0; i < count; i++) {
            leaves.add(reader.readLong());
        }
        return new MerkleTreeResponse(requestId, ok, leaves);
    }

    private static RepairRowsRequest readRowsRequest(WireReader reader) {
        long requestId = reader.readVarLong();
        String keyspace = reader.readString();
        int slot = reader.readVarInt();
        int depth = reader.readVarInt();
        int count = reader.readVarInt();
        List<Integer> leaves = new ArrayList<>(Math.min(count, 1 << 16));
        for (int i = 0; i < count; i++) {
            leaves.add(reader.readVarInt());
        }
        return new RepairRowsRequest(requestId, keyspace, slot, depth, leaves, reader.readBytes(), reader.readVarInt());
    }

    public static Envelope decode(byte[] bytes) {
        WireReader reader = new WireReader(bytes);
        int version = reader.readByte();
        if (version != VERSION) {
            throw new WireFormatException("unsupported message format version " + version + " (expected " + VERSION + ")");
        }
        Verb verb = RowCodec.construct(() -> Verb.ofCode(reader.readByte()));
        NodeId from = RowCodec.construct(() -> new NodeId(reader.readVarInt()));
        var clock = RowCodec.readTimestamp(reader);
        Message message = switch (verb) {
            case MUTATION_REQUEST -> {
                long id = reader.readVarLong();
                yield new MutationRequest(id, new Mutation(RowCodec.readKey(reader), RowCodec.readRow(reader)));
            }
            case MUTATION_ACK -> new MutationAck(reader.readVarLong(), reader.readBoolean(), RowCodec.readTimestamp(reader));
            case READ_REQUEST -> new ReadRequest(reader.readVarLong(), RowCodec.readKey(reader));
            case READ_RESPONSE -> new ReadResponse(reader.readVarLong(), reader.readBoolean(), RowCodec.readRow(reader));
            case PAXOS_PREPARE -> new PaxosPrepare(reader.readVarLong(), RowCodec.readKey(reader), RowCodec.readTimestamp(reader));
            case PAXOS_PROMISE -> new PaxosPromise(reader.readVarLong(), reader.readBoolean(), RowCodec.readTimestamp(reader),
                    RowCodec.readTimestamp(reader), RowCodec.readTimestamp(reader), RowCodec.readRow(reader),
                    RowCodec.readTimestamp(reader), RowCodec.readTimestamp(reader), RowCodec.readRow(reader));
            case PAXOS_PROPOSE -> new PaxosPropose(reader.readVarLong(), RowCodec.readKey(reader),
                    RowCodec.readTimestamp(reader), RowCodec.readTimestamp(reader), RowCodec.readRow(reader));
            case PAXOS_ACCEPTED -> new PaxosAccepted(reader.readVarLong(), reader.readBoolean(), RowCodec.readTimestamp(reader));
            case SCAN_REQUEST -> new ScanRequest(reader.readVarLong(), reader.readString(), reader.readVarInt(),
                    reader.readBytes(), reader.readVarInt());
            case SCAN_RESPONSE -> readScanResponse(reader);
            case GOSSIP -> readGossip(reader);
            case MERKLE_TREE_REQUEST -> new MerkleTreeRequest(reader.readVarLong(), reader.readString(), reader.readVarInt(),
                    reader.readVarInt(), reader.readVarLong());
            case MERKLE_TREE_RESPONSE -> readTreeResponse(reader);
            case REPAIR_ROWS_REQUEST -> readRowsRequest(reader);
            case REPAIR_ROWS_RESPONSE -> new RepairRowsResponse(reader.readVarLong(), reader.readBoolean(),
                    reader.readBoolean(), readRows(reader));
            case REPAIR_STREAM -> new RepairStream(reader.readVarLong(), readRows(reader));
            case PAXOS_COMMIT -> new PaxosCommit(reader.readVarLong(), RowCodec.readKey(reader), RowCodec.readTimestamp(reader),
                    RowCodec.readTimestamp(reader), RowCodec.readRow(reader));
        };
        reader.expectEnd();
        return new Envelope(from, clock, message);
    }
}
