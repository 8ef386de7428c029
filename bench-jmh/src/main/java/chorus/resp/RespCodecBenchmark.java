package chorus.resp;

import chorus.api.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The RESP front door's own work per request, without sockets: parsing a client's command out of
 * a Netty buffer ({@link RespParser}, as {@code RespChannelHandler} calls it) and rendering the
 * reply ({@link ReplyEncoder}). Every client request pays both on a node's I/O thread, so at
 * redis-benchmark rates (100k+ requests per second per core) a microsecond here is a tenth of a
 * core. It lives in package {@code chorus.resp} because the parser is package-private, as a unit
 * test of it would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RespCodecBenchmark {
    private static final int PIPELINE = 16;
    /** The value size of redis-benchmark's default and of bench/compare's loads. */
    private static final int VALUE_SIZE = 100;

    private ByteBuf setRequest;
    private ByteBuf getRequest;
    private ByteBuf pipelinedRequests;
    private ByteBuf out;
    private RespParser parser;
    private final Reply ok = Reply.ok();
    private final Reply bulkValue = Reply.bulk(Bytes.wrapUnsafe(value()));

    @Setup(Level.Trial)
    public void setUp() {
        // Direct pooled buffers are what Netty hands the RESP handler on a real connection.
        setRequest = request(set(42));
        getRequest = request(get(42));
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < PIPELINE; i++) {
            pipeline.append(i % 2 == 0 ? set(i) : get(i));
        }
        pipelinedRequests = request(pipeline.toString());
        out = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
        parser = new RespParser(RespLimits.defaults());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        setRequest.release();
        getRequest.release();
        pipelinedRequests.release();
        out.release();
    }

    /** {@code SET key:000000000042 <100 bytes>}: the write request of every load test. */
    @Benchmark
    public Command decodeSet() {
        setRequest.readerIndex(0);
        return parser.parse(setRequest, true);
    }

    /** {@code GET key:000000000042}: the smallest common request, so fixed costs dominate. */
    @Benchmark
    public Command decodeGet() {
        getRequest.readerIndex(0);
        return parser.parse(getRequest, true);
    }

    /**
     * Sixteen SET and GET requests arriving in one read, as a client with pipeline depth 16 sends
     * them; the score is per command, to compare with the single ones.
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public void decodePipelined16(Blackhole blackhole) {
        pipelinedRequests.readerIndex(0);
        for (int i = 0; i < PIPELINE; i++) {
            blackhole.consume(parser.parse(pipelinedRequests, true));
        }
    }

    /** {@code +OK}, the reply to every SET. */
    @Benchmark
    public int encodeOk() {
        out.clear();
        ReplyEncoder.encode(ok, 2, out);
        return out.writerIndex();
    }

    /** A 100-byte bulk string, the reply to every GET that finds its key. */
    @Benchmark
    public int encodeBulk() {
        out.clear();
        ReplyEncoder.encode(bulkValue, 2, out);
        return out.writerIndex();
    }

    private static ByteBuf request(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        buffer.writeBytes(bytes);
        return buffer;
    }

    private static String set(int key) {
        String value = new String(value(), StandardCharsets.ISO_8859_1);
        return "*3\r\n$3\r\nSET\r\n$16\r\n" + key(key) + "\r\n$" + VALUE_SIZE + "\r\n" + value + "\r\n";
    }

    private static String get(int key) {
        return "*2\r\n$3\r\nGET\r\n$16\r\n" + key(key) + "\r\n";
    }

    /** Keys shaped like chorus bench's: a prefix and twelve digits. */
    private static String key(int key) {
        return String.format("key:%012d", key);
    }

    private static byte[] value() {
        byte[] value = new byte[VALUE_SIZE];
        for (int i = 0; i < VALUE_SIZE; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        return value;
    }
}
