package chorus.transport;

import chorus.core.topology.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the inbound byte stream into frames (see {@link Frames}) and emits each payload as a
 * fresh {@code byte[]}. Runs on the channel's event loop; one instance per channel.
 *
 * <p>A length above {@code maxFrameBytes}, a length of zero or a wrong version byte closes the
 * connection with one WARN line. The length is checked before any payload is buffered, so a
 * peer announcing a huge frame costs nothing: memory per connection stays below one maximum frame.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    private final NodeId self;
    private final int maxFrameBytes;
    private boolean rejected;

    FrameDecoder(NodeId self, int maxFrameBytes) {
        this.self = self;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            // The connection is closing; bytes still arriving are not worth reading.
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Frames.LENGTH_FIELD_BYTES) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length < Frames.VERSION_BYTES) {
            reject(ctx, in, "frame length " + length + " is invalid (expected: >= " + Frames.VERSION_BYTES + ")");
            return;
        }
        if (length - Frames.VERSION_BYTES > maxFrameBytes) {
            reject(ctx, in, "frame payload of " + (length - Frames.VERSION_BYTES)
                    + " bytes is out of range (expected: 0.." + maxFrameBytes + ")");
            return;
        }
        if (in.readableBytes() < Frames.LENGTH_FIELD_BYTES + length) {
            return;
        }
        in.skipBytes(Frames.LENGTH_FIELD_BYTES);
        byte version = in.readByte();
        if (version != Frames.VERSION) {
            reject(ctx, in, "frame version " + version + " is unknown (expected: " + Frames.VERSION + ")");
            return;
        }
        byte[] payload = new byte[(int) length - Frames.VERSION_BYTES];
        in.readBytes(payload);
        out.add(payload);
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        rejected = true;
        in.skipBytes(in.readableBytes());
        LOG.warn("{} closed internode connection from {}: {}", self, ctx.channel().remoteAddress(), reason);
        ctx.close();
    }
}
