package chorus.wire;

import chorus.api.Bytes;
import chorus.core.message.Envelope;
import chorus.core.message.MutationRequest;
import chorus.core.message.ReadResponse;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.Keyspace;
import chorus.core.topology.NodeId;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The internode codec ({@link MessageCodec}) on the two messages that carry a value: the
 * MutationRequest a coordinator sends each replica of a SET, and the ReadResponse a replica sends
 * back for a GET. A QUORUM SET on three replicas encodes two of them and decodes two acks; a
 * QUORUM GET encodes and decodes a response per replica asked. The simulator pays the same costs,
 * since it sends every message through this codec too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessageCodecBenchmark {
    private Envelope mutationRequest;
    private Envelope readResponse;
    private byte[] encodedMutationRequest;
    private byte[] encodedReadResponse;

    @Setup
    public void setUp() {
        byte[] value = new byte[100];
        Arrays.fill(value, (byte) 'v');
        Timestamp written = Timestamp.ofMillis(1_763_800_000_000L, 3, 1);
        Row row = Row.replaceWithString(Bytes.wrapUnsafe(value), 0, written);
        RowKey key = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8("key:000000000042"));
        Timestamp clock = Timestamp.ofMillis(1_763_800_000_001L, 0, 1);
        mutationRequest = new Envelope(NodeId.of(1), clock, new MutationRequest(123_456, new Mutation(key, row)));
        readResponse = new Envelope(NodeId.of(2), clock, new ReadResponse(123_457, true, row));
        encodedMutationRequest = MessageCodec.encode(mutationRequest);
        encodedReadResponse = MessageCodec.encode(readResponse);
    }

    @Benchmark
    public byte[] encodeMutationRequest() {
        return MessageCodec.encode(mutationRequest);
    }

    @Benchmark
    public Envelope decodeMutationRequest() {
        return MessageCodec.decode(encodedMutationRequest);
    }

    @Benchmark
    public byte[] encodeReadResponse() {
        return MessageCodec.encode(readResponse);
    }

    @Benchmark
    public Envelope decodeReadResponse() {
        return MessageCodec.decode(encodedReadResponse);
    }
}
