package chorus.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a dialled channel: resumes writing when the channel becomes writable,
 * closes it when it fails or stalls, and discards anything the acceptor sends (the protocol has
 * it send nothing). Runs on the channel's event loop.
 */
final class OutboundChannelHandler extends ChannelInboundHandlerAdapter {
    private final PeerConnection connection;

    OutboundChannelHandler(PeerConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            connection.drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ReferenceCountUtil.release(message);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // Writer-idle also fires on a quiet but healthy link; only unsent bytes make it a stall.
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            long pending = pendingBytes(ctx.channel());
            if (pending > 0) {
                connection.onStalled(ctx.channel(), pending);
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.onChannelFailed(ctx.channel(), cause);
    }

    private static long pendingBytes(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
