package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.topology.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final NodeId SELF = NodeId.of(1);

    @Test
    void encodesLengthVersionThenPayload() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
        channel.writeOutbound(FrameBatch.of(new byte[] {7, 8, 9}));
        ByteBuf out = channel.readOutbound();
        assertThat(out.readInt()).isEqualTo(4);
        assertThat(out.readByte()).isEqualTo(Frames.VERSION);
        assertThat(out.readByte()).isEqualTo((byte) 7);
        assertThat(out.readableBytes()).isEqualTo(2);
        out.release();
    }

    @Test
    void encodesABatchAsConsecutiveFrames() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
        FrameBatch batch = new FrameBatch(List.of(new byte[] {1}, new byte[0], new byte[] {2, 3}));
        channel.writeOutbound(batch);
        ByteBuf out = channel.readOutbound();
        assertThat(out.readableBytes()).isEqualTo(batch.encodedBytes()).isEqualTo(3 * Frames.HEADER_BYTES + 3);
        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(SELF, 100));
        decoder.writeInbound(out);
        assertThat((byte[]) decoder.readInbound()).containsExactly(1);
        assertThat((byte[]) decoder.readInbound()).isEmpty();
        assertThat((byte[]) decoder.readInbound()).containsExactly(2, 3);
    }

    @Test
    void decodesFramesSplitAtEveryByte() {
        byte[] first = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] empty = new byte[0];
        byte[] stream = concat(encode(first), encode(empty), encode(first));
        for (int split = 0; split <= stream.length; split++) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(SELF, 100));
            channel.writeInbound(Unpooled.wrappedBuffer(stream, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(stream, split, stream.length - split));
            assertThat((byte[]) channel.readInbound()).isEqualTo(first);
            assertThat((byte[]) channel.readInbound()).isEqualTo(empty);
            assertThat((byte[]) channel.readInbound()).isEqualTo(first);
            assertThat(channel.inboundMessages()).isEmpty();
            assertThat(channel.isOpen()).isTrue();
        }
    }

    @Test
    void oversizedFrameClosesTheChannelBeforeBufferingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(SELF, 100));
        ByteBuf header = Unpooled.buffer().writeInt(1 + 101).writeByte(Frames.VERSION);
        channel.writeInbound(header);
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void frameAtTheLimitIsAccepted() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(SELF, 100));
        channel.writeInbound(Unpooled.wrappedBuffer(encode(new byte[100])));
        assertThat((byte[]) channel.readInbound()).hasSize(100);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void hugeUnsignedLengthClosesTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(SELF, 100));
        channel.writeInbound(Unpooled.buffer().writeInt(0xFFFF_FFFF));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void zeroLengthClosesTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(SELF, 100));
        channel.writeInbound(Unpooled.buffer().writeInt(0));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void unknownVersionClosesTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(SELF, 100));
        channel.writeInbound(Unpooled.buffer().writeInt(2).writeByte(Frames.VERSION + 1).writeByte(0));
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.inboundMessages()).isEmpty();
    }

    private static byte[] encode(byte[] payload) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
        channel.writeOutbound(FrameBatch.of(payload));
        ByteBuf out = channel.readOutbound();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf all = Unpooled.buffer();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        return bytes;
    }
}
