package chorus.transport;

import chorus.core.topology.NodeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's one outbound connection to one peer: a bounded queue of frames, a socket dialled
 * from this node's own address (D9), a handshake, and redialling with backoff when the
 * connection fails or stalls.
 *
 * <p>Threading: {@link #send} may be called from any thread and never blocks. Everything else
 * (dialling, writing, reconnect timers) runs on one event loop chosen at construction, and the
 * fields marked "loop only" are touched by nothing else. Frames leave in the order they were
 * queued; frames written just before a connection breaks may be lost, never reordered.
 */
final class PeerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);
    /** Frames written per event loop turn, so one busy peer cannot starve the loop's others. */
    private static final int MAX_FRAMES_PER_DRAIN = 8192;
    /** Small frames are coalesced into writes of about this size (see {@link FrameBatch}). */
    private static final int BATCH_FRAMES_MAX = 1024;
    private static final long BATCH_BYTES_MAX = 64 << 10;

    private final NodeId self;
    private final NodeId peer;
    private final HostPort address;
    private final InetSocketAddress localAddress;
    private final TransportLimits limits;
    private final EventLoop loop;
    private final ChannelGroup openChannels;
    private final Bootstrap bootstrap;
    private final OutboundQueue queue;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private volatile boolean closed;
    private volatile boolean connected;

    private final Backoff backoff;          // loop only
    private Channel channel;                // loop only; set once the handshake is written
    private ScheduledFuture<?> reconnect;   // loop only
    private long connectedAtNanos;          // loop only
    private String closeReason;             // loop only; why the current channel is going away
    private boolean unreachableReported;    // loop only; keeps repeated failures at DEBUG

    PeerConnection(NodeId self, NodeId peer, HostPort address, InetSocketAddress localAddress,
                   TransportLimits limits, EventLoop loop, Class<? extends SocketChannel> channelType,
                   ChannelGroup openChannels) {
        this.self = self;
        this.peer = peer;
        this.address = address;
        this.localAddress = localAddress;
        this.limits = limits;
        this.loop = loop;
        this.openChannels = openChannels;
        this.queue = new OutboundQueue(limits.maxQueuedFrames(), limits.maxQueuedBytes());
        this.backoff = new Backoff(limits.reconnectBackoffMin().toMillis(), limits.reconnectBackoffMax().toMillis(),
                new SplittableRandom());
        this.bootstrap = newBootstrap(channelType);
    }

    private Bootstrap newBootstrap(Class<? extends SocketChannel> channelType) {
        long stallMillis = limits.stallTimeout().toMillis();
        return new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        limits.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        limits.writeBufferLowWaterMark(), limits.writeBufferHighWaterMark()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        // observeOutput: a slow but moving write is progress, not idleness.
                        channel.pipeline().addLast(
                                new IdleStateHandler(true, 0, stallMillis, 0, TimeUnit.MILLISECONDS),
                                new FrameEncoder(),
                                new OutboundChannelHandler(PeerConnection.this));
                    }
                });
    }

    NodeId peer() {
        return peer;
    }

    HostPort address() {
        return address;
    }

    /** Starts dialling. Called once, from any thread. */
    void start() {
        execute(this::connect);
    }

    /** Queues a frame; drops and counts it when the queue is full or the payload too large. */
    void send(byte[] payload) {
        if (payload.length > limits.maxFrameBytes()) {
            framesDropped.increment();
            LOG.warn("{} dropped a frame for {}: payload of {} bytes exceeds maxFrameBytes {}", self, peer,
                    payload.length, limits.maxFrameBytes());
            return;
        }
        if (closed || !queue.offer(payload)) {
            framesDropped.increment();
            return;
        }
        // While disconnected the frame just waits; onConnected drains it. See onConnected for why
        // a frame queued just as the connection comes up is never stranded.
        if (connected && drainScheduled.compareAndSet(false, true)) {
            execute(this::drain);
        }
    }

    /** Stops dialling, closes the connection and drops what is queued. Any thread; idempotent. */
    void close() {
        closed = true;
        connected = false;
        if (!execute(this::closeOnLoop)) {
            framesDropped.add(queue.clear());
        }
    }

    PeerStats stats(boolean inboundConnected, long framesReceived) {
        return new PeerStats(peer, address.toString(), connected, inboundConnected, framesSent.sum(),
                framesReceived, framesDropped.sum(), queue.size(), queue.bytes());
    }

    private void closeOnLoop() {
        if (reconnect != null) {
            reconnect.cancel(false);
            reconnect = null;
        }
        if (channel != null) {
            closeReason = "peer closed by this node";
            channel.close();
        }
        framesDropped.add(queue.clear());
    }

    private void connect() {
        reconnect = null;
        if (closed) {
            return;
        }
        // D9: dial from this node's own address, so a test can cut one link by source address.
        bootstrap.connect(address.unresolved(), localAddress).addListener((ChannelFutureListener) this::onConnectDone);
    }

    private void onConnectDone(ChannelFuture future) {
        Channel newChannel = future.channel();
        if (!future.isSuccess()) {
            onConnectFailed(future.cause());
        } else if (closed) {
            newChannel.close();
        } else {
            onConnected(newChannel);
        }
    }

    private void onConnected(Channel newChannel) {
        openChannels.add(newChannel);
        channel = newChannel;
        connectedAtNanos = System.nanoTime();
        closeReason = "closed by peer";
        unreachableReported = false;
        newChannel.closeFuture().addListener(future -> onChannelClosed(newChannel));
        // The handshake is the first write on the channel, so it is the first frame the peer reads.
        newChannel.write(FrameBatch.of(new Handshake(self, peer).encode()));
        LOG.info("{} connected to {} at {} from {}", self, peer, address, newChannel.localAddress());
        // Set connected before draining: a sender that queues after this drain's last poll sees
        // connected == true and schedules another drain (the queue's lock orders the two).
        connected = true;
        drain();
    }

    private void onConnectFailed(Throwable cause) {
        if (closed) {
            return;
        }
        long delayMillis = backoff.nextDelayMillis();
        if (unreachableReported) {
            LOG.debug("{} cannot reach {} at {} ({}); retrying in {} ms", self, peer, address,
                    NetworkErrors.describe(cause), delayMillis);
        } else {
            unreachableReported = true;
            LOG.info("{} cannot reach {} at {} ({}); retrying with backoff up to {} ms", self, peer, address,
                    NetworkErrors.describe(cause), limits.reconnectBackoffMax().toMillis());
        }
        scheduleReconnect(delayMillis);
    }

    private void onChannelClosed(Channel closedChannel) {
        if (channel != closedChannel) {
            return;
        }
        channel = null;
        connected = false;
        if (closed) {
            return;
        }
        long upMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedAtNanos);
        // A connection that dies at once (a peer rejecting our handshake, say) must not reset
        // the backoff, or we would redial it every 50 ms forever.
        if (upMillis >= limits.reconnectBackoffMax().toMillis()) {
            backoff.reset();
        }
        LOG.info("{} lost connection to {} at {} after {} ms ({}); reconnecting", self, peer, address, upMillis,
                closeReason);
        scheduleReconnect(backoff.nextDelayMillis());
    }

    private void scheduleReconnect(long delayMillis) {
        try {
            reconnect = loop.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The transport is shutting down; there is nothing left to reconnect for.
        }
    }

    /** Writes queued frames while the channel is writable; the rest wait for writability. */
    void drain() {
        drainScheduled.set(false);
        Channel current = channel;
        if (current == null) {
            return;
        }
        int written = 0;
        while (current.isWritable() && written < MAX_FRAMES_PER_DRAIN) {
            List<byte[]> payloads = queue.pollBatch(BATCH_FRAMES_MAX, BATCH_BYTES_MAX);
            if (payloads.isEmpty()) {
                break;
            }
            int count = payloads.size();
            current.write(new FrameBatch(payloads)).addListener(future -> countWrite(future.isSuccess(), count));
            written += count;
        }
        current.flush();
        if (written >= MAX_FRAMES_PER_DRAIN && current.isWritable() && drainScheduled.compareAndSet(false, true)) {
            execute(this::drain);
        }
    }

    private void countWrite(boolean success, int frames) {
        if (success) {
            framesSent.add(frames);
        } else {
            framesDropped.add(frames);
        }
    }

    /** Called by {@link OutboundChannelHandler} on the loop when the channel fails. */
    void onChannelFailed(Channel failed, Throwable cause) {
        if (NetworkErrors.isExpected(cause)) {
            closeChannel(failed, NetworkErrors.describe(cause));
        } else {
            LOG.warn("{} connection to {} failed unexpectedly; closing it", self, peer, cause);
            closeChannel(failed, cause.toString());
        }
    }

    /** Called by {@link OutboundChannelHandler} on the loop when nothing was written for a while. */
    void onStalled(Channel stalled, long pendingBytes) {
        LOG.warn("{} link to {} at {} stalled: {} bytes unsent for {} ms; reconnecting", self, peer, address,
                pendingBytes, limits.stallTimeout().toMillis());
        closeChannel(stalled, "stalled");
    }

    private void closeChannel(Channel failing, String reason) {
        if (channel == failing) {
            closeReason = reason;
        }
        failing.close();
    }

    private boolean execute(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            // The transport is shutting down; the caller drops what it meant to do.
            return false;
        }
    }
}
