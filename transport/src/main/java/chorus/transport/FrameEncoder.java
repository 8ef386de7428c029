package chorus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes a {@link FrameBatch} as consecutive frames (see {@link Frames}) into one buffer. Runs
 * on the channel's event loop. Encoding happens at {@code write} time, so the channel's
 * pending-bytes count, and with it {@code isWritable()}, reflects the encoded size.
 */
final class FrameEncoder extends MessageToByteEncoder<FrameBatch> {
    FrameEncoder() {
        super(FrameBatch.class, true);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, FrameBatch batch, boolean preferDirect) {
        // Exact size: one allocation and no resizing, even for large frames. A batch holds
        // frames of at most maxFrameBytes each, and more than one only while small.
        return ctx.alloc().ioBuffer((int) batch.encodedBytes());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, FrameBatch batch, ByteBuf out) {
        for (byte[] payload : batch.payloads()) {
            out.writeInt(Frames.VERSION_BYTES + payload.length);
            out.writeByte(Frames.VERSION);
            out.writeBytes(payload);
        }
    }
}
