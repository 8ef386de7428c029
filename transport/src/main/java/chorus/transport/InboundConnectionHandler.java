package chorus.transport;

import chorus.core.topology.NodeId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptor's side of one connection: checks the {@link Handshake} in the first frame, then
 * hands every following frame to the {@link InboundHandler} with the sender's id. Sits after a
 * {@link FrameDecoder}; one instance per channel, confined to the channel's event loop.
 */
final class InboundConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(InboundConnectionHandler.class);

    private final NodeId self;
    private final InboundHandler inbound;
    private final InboundConnections connections;
    private final Duration handshakeTimeout;
    private NodeId from;
    private boolean rejected;
    private LongAdder received;
    private ScheduledFuture<?> handshakeDeadline;

    InboundConnectionHandler(NodeId self, InboundHandler inbound, InboundConnections connections,
                             Duration handshakeTimeout) {
        this.self = self;
        this.inbound = inbound;
        this.connections = connections;
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // A connection that never identifies itself would hold a socket and a buffer forever.
        handshakeDeadline = ctx.executor().schedule(() -> {
            if (from == null && ctx.channel().isActive()) {
                LOG.warn("{} rejected internode connection from {}: no handshake within {} ms", self,
                        ctx.channel().remoteAddress(), handshakeTimeout.toMillis());
                ctx.close();
            }
        }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        byte[] payload = (byte[]) message;
        if (rejected) {
            // Frames decoded in the same read as a rejected handshake: the channel is closing.
            return;
        }
        if (from == null) {
            onHandshake(ctx, payload);
            return;
        }
        received.increment();
        try {
            inbound.onFrame(from, payload);
        } catch (RuntimeException e) {
            // A bug in the handler; the connection and the following frames are not to blame.
            LOG.error("{} inbound handler failed on a frame from {}; the frame is lost", self, from, e);
        }
    }

    private void onHandshake(ChannelHandlerContext ctx, byte[] payload) {
        Channel channel = ctx.channel();
        Handshake handshake;
        try {
            handshake = Handshake.parse(payload);
        } catch (IllegalArgumentException e) {
            reject(ctx, e.getMessage());
            return;
        }
        if (!handshake.to().equals(self)) {
            reject(ctx, handshake.from() + " dialled " + handshake.to() + " but reached " + self
                    + "; its peer address for " + handshake.to() + " is stale or wrong");
            return;
        }
        from = handshake.from();
        received = connections.receivedCounter(from);
        handshakeDeadline.cancel(false);
        Channel previous = connections.register(from, channel);
        LOG.info("{} accepted internode connection from {} at {}", self, from, channel.remoteAddress());
        if (previous != null && previous != channel) {
            LOG.debug("{} closes its previous connection from {} at {}", self, from, previous.remoteAddress());
            previous.close();
        }
    }

    private void reject(ChannelHandlerContext ctx, String reason) {
        rejected = true;
        LOG.warn("{} rejected internode connection from {}: {}", self, ctx.channel().remoteAddress(), reason);
        handshakeDeadline.cancel(false);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
        }
        if (from != null) {
            connections.unregister(from, ctx.channel());
            LOG.info("{} internode connection from {} at {} closed", self, from, ctx.channel().remoteAddress());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String who = from == null ? String.valueOf(ctx.channel().remoteAddress()) : from.toString();
        if (NetworkErrors.isExpected(cause)) {
            LOG.debug("{} internode connection from {} failed: {}", self, who, NetworkErrors.describe(cause));
        } else {
            LOG.warn("{} internode connection from {} failed unexpectedly; closing it", self, who, cause);
        }
        ctx.close();
    }
}
