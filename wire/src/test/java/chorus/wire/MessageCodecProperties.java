package chorus.wire;

import chorus.core.codec.RowCodec;
import chorus.core.codec.WireFormatException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.api.Bytes;
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
import chorus.core.message.PaxosPrepare;
import chorus.core.message.PaxosPromise;
import chorus.core.message.PaxosPropose;
import chorus.core.message.MutationAck;
import chorus.core.message.MutationRequest;
import chorus.core.message.ReadRequest;
import chorus.core.message.ReadResponse;
import chorus.core.message.ScanRequest;
import chorus.core.message.ScanResponse;
import chorus.core.model.Cell;
import chorus.core.model.ColumnKind;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.topology.NodeId;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every message survives the wire unchanged, and damaged bytes are rejected, never misread. */
class MessageCodecProperties {

    @Property
    void roundTrips(@ForAll("envelopes") Envelope envelope) {
        assertThat(MessageCodec.decode(MessageCodec.encode(envelope))).isEqualTo(envelope);
    }

    @Property
    void truncatedFramesAreRejected(@ForAll("envelopes") Envelope envelope, @ForAll("fractions") double fraction) {
        byte[] bytes = MessageCodec.encode(envelope);
        byte[] truncated = Arrays.copyOf(bytes, (int) (bytes.length * fraction));
        assertThatThrownBy(() -> MessageCodec.decode(truncated)).isInstanceOf(WireFormatException.class);
    }

    @Property
    void rowsRoundTripThroughTheStorageFormat(@ForAll("rows") Row row) {
        assertThat(RowCodec.decode(RowCodec.encode(row))).isEqualTo(row);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(3);
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        Arbitrary<Message> messages = Arbitraries.oneOf(
                Combinators.combine(ids(), keys(), rows()).as((id, key, row) -> new MutationRequest(id, new Mutation(key, row))),
                Combinators.combine(ids(), Arbitraries.of(true, false), timestamps()).as(MutationAck::new),
                Combinators.combine(ids(), keys()).as(ReadRequest::new),
                Combinators.combine(ids(), Arbitraries.of(true, false), rows()).as(ReadResponse::new),
                Combinators.combine(ids(), keys(), timestamps()).as(PaxosPrepare::new),
                Combinators.combine(ids(), Arbitraries.of(true, false), timestamps(), timestamps(), timestamps(), rows(),
                        timestamps(), Combinators.combine(timestamps(), rows()).as(List::of))
                        .as((id, promised, ballot, accepted, acceptedOrigin, update, committed, rest) -> new PaxosPromise(
                                id, promised, ballot, accepted, acceptedOrigin, update, committed, (Timestamp) rest.get(0),
                                (Row) rest.get(1))),
                Combinators.combine(ids(), keys(), timestamps(), timestamps(), rows()).as(PaxosPropose::new),
                Combinators.combine(ids(), Arbitraries.of(true, false), timestamps()).as(PaxosAccepted::new),
                Combinators.combine(ids(), keys(), timestamps(), timestamps(), rows()).as(PaxosCommit::new),
                Combinators.combine(ids(), Arbitraries.of("default", "ks"), Arbitraries.integers().between(0, 16383), bytes(),
                        Arbitraries.integers().between(1, 1000)).as(ScanRequest::new),
                Combinators.combine(ids(), Arbitraries.of(true, false),
                        Combinators.combine(keys(), rows()).as(Mutation::new).list().ofMaxSize(3)).as(ScanResponse::new),
                Combinators.combine(Arbitraries.integers().between(1, NodeId.MAX).map(NodeId::of), ids(), ids(), ids())
                        .as(EndpointState::new).list().ofMaxSize(5).map(GossipMessage::new),
                Combinators.combine(ids(), Arbitraries.of("default", "ks"), Arbitraries.integers().between(0, 16383),
                        Arbitraries.integers().between(0, 16), Arbitraries.longs().between(0, Long.MAX_VALUE))
                        .as(MerkleTreeRequest::new),
                Combinators.combine(ids(), Arbitraries.of(true, false), Arbitraries.longs().list().ofMaxSize(8))
                        .as(MerkleTreeResponse::new),
                Combinators.combine(ids(), Arbitraries.of("default", "ks"), Arbitraries.integers().between(0, 16383),
                        Arbitraries.integers().between(0, 16), Arbitraries.integers().between(0, 65535).list().ofMaxSize(5),
                        bytes(), Arbitraries.integers().between(1, 1000)).as(RepairRowsRequest::new),
                Combinators.combine(ids(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Combinators.combine(keys(), rows()).as(Mutation::new).list().ofMaxSize(3)).as(RepairRowsResponse::new),
                Combinators.combine(ids(), Combinators.combine(keys(), rows()).as(Mutation::new).list().ofMaxSize(3))
                        .as(RepairStream::new));
        return Combinators.combine(Arbitraries.integers().between(1, NodeId.MAX).map(NodeId::of), timestamps(), messages)
                .as(Envelope::new);
    }

    private Arbitrary<Long> ids() {
        return Arbitraries.longs().greaterOrEqual(0);
    }

    private Arbitrary<RowKey> keys() {
        return Combinators.combine(Arbitraries.of("default", "ks1"), bytes()).as(RowKey::new);
    }

    private Arbitrary<Bytes> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(Bytes::copyOf);
    }

    private Arbitrary<Timestamp> timestamps() {
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), Arbitraries.integers().between(0, NodeId.MAX))
                .as(Timestamp::new);
    }

    @Provide
    Arbitrary<Row> rows() {
        Arbitrary<Cell> cells = Combinators.combine(
                Arbitraries.of(ColumnKind.values()), bytes(), bytes().injectNull(0.2), timestamps(),
                Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as((kind, name, value, timestamp, expiry) -> new Cell(Cell.column(kind, name), value, timestamp, expiry));
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.just(Timestamp.MIN), timestamps()), cells.list().ofMaxSize(4))
                .as(Row::of);
    }
}
