package chorus.transport;

import static java.util.Objects.requireNonNull;

import chorus.core.topology.NodeId;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internode traffic for one node, at the level of byte frames: listens for peers' connections,
 * dials every peer, and moves opaque {@code byte[]} payloads (the wire codec's business).
 *
 * <p><b>Connections.</b> Each node dials one long-lived connection to each peer and sends only on
 * it; it receives only on the connections peers dialled to it. So a link is two TCP connections,
 * one per direction, and order is preserved per direction. A dial starts with a {@link Handshake}
 * naming both ends. D9: every connection is dialled from {@code listenHost} (port 0), so with
 * node N on 127.0.0.N a test can cut a link with iptables by source and destination address.
 *
 * <p><b>Delivery.</b> Fire-and-forget, like the core's {@code MessageSink}: frames may be lost
 * (a peer is down, a queue is full, a connection breaks) but are never reordered or duplicated
 * within one direction of one link. Lost frames are counted, not reported: the core's timeouts
 * handle them. Frames sent to a peer that is down wait in a bounded queue ({@link TransportLimits})
 * and go out once it is reachable; dialling retries with exponential backoff and jitter.
 *
 * <p><b>Threading.</b> {@link #send}, {@link #setPeers} and the stats accessors may be called from
 * any thread and never block on the network. {@link #start} blocks until the port is bound and
 * must not be called from the {@link InboundHandler}; {@link #close} waits for the I/O threads to
 * stop unless called from one of them. Inbound frames are delivered on Netty I/O threads (see
 * {@link InboundHandler}); the caller hands them to its node thread.
 *
 * <p><b>I/O.</b> On loops lent by the node (see the constructor), built for the given {@link NettyIo};
 * or, standing alone, Java NIO on {@link TransportLimits#ioThreads()} threads of its own, named
 * {@code chorus-transport-<node>}.
 */
public final class InternodeTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InternodeTransport.class);

    private final NodeId self;
    private final String listenHost;
    private final int listenPort;
    private final InboundHandler inbound;
    private final TransportLimits limits;
    private final InetSocketAddress dialFrom;
    private final EventLoopGroup group;
    private final NettyIo io;
    /** Whether {@link #group} is this transport's own, to stop at close, or lent by the node. */
    private final boolean ownsGroup;
    /** Every open channel, accepted or dialled, so that close() can close them all and wait. */
    private final ChannelGroup channels;
    private final InboundConnections inboundConnections = new InboundConnections();
    private final LongAdder framesDroppedNoRoute = new LongAdder();
    private final Object lifecycle = new Object();
    /** Replaced, never mutated, so {@link #send} reads it without a lock. */
    private volatile Map<NodeId, PeerConnection> peers = Map.of();
    private Channel serverChannel;   // guarded by lifecycle
    private boolean started;         // guarded by lifecycle
    private volatile boolean closed;

    /**
     * Creates a transport that is not yet listening. No thread starts until {@link #start}
     * or {@link #setPeers}.
     *
     * @param listenHost the address to listen on and to dial peers from; a wildcard (0.0.0.0)
     *     listens everywhere and lets the OS pick the source address
     * @param listenPort the port to listen on; 0 picks a free one (see {@link #listenAddress})
     */
    public InternodeTransport(NodeId self, String listenHost, int listenPort, InboundHandler inbound,
                              TransportLimits limits) {
        this(self, listenHost, listenPort, inbound, limits, null, NettyIo.nio());
    }

    /**
     * As the other constructor, but doing its I/O on {@code sharedLoops}, which it does not stop
     * at {@link #close}: a node can run its transport, its client connections and its protocol
     * logic on one event loop, so a message is handled without a hand-over between threads.
     * {@code null} means a group of the transport's own. {@code io} must be the kind of I/O those
     * loops were built for (the transport's own group is built with it too).
     */
    public InternodeTransport(NodeId self, String listenHost, int listenPort, InboundHandler inbound,
                              TransportLimits limits, EventLoopGroup sharedLoops, NettyIo io) {
        this.self = requireNonNull(self, "self is null");
        this.listenHost = requireNonNull(listenHost, "listenHost is null");
        this.inbound = requireNonNull(inbound, "inbound is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.io = requireNonNull(io, "io is null");
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort=" + listenPort + " is invalid (expected: 0..65535)");
        }
        this.listenPort = listenPort;
        this.dialFrom = new InetSocketAddress(listenHost, 0);
        if (dialFrom.isUnresolved()) {
            throw new IllegalArgumentException("listenHost '" + listenHost + "' cannot be resolved to an address");
        }
        this.channels = new DefaultChannelGroup("chorus-transport-" + self, GlobalEventExecutor.INSTANCE);
        this.ownsGroup = sharedLoops == null;
        this.group = ownsGroup ? new MultiThreadIoEventLoopGroup(limits.ioThreads(),
                new DefaultThreadFactory("chorus-transport-" + self, true), io.handlerFactory()) : sharedLoops;
    }

    /**
     * Binds the listening port and starts dialling the peers set so far. Blocks until bound.
     *
     * @throws UncheckedIOException when the port cannot be bound; the message names the address
     *     and says whether it is in use. Call {@link #close} afterwards to release the threads.
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed || started) {
                throw new IllegalStateException(self + " transport is already " + (closed ? "closed" : "started"));
            }
            ChannelFuture bind = newServerBootstrap().bind(new InetSocketAddress(listenHost, listenPort))
                    .awaitUninterruptibly();
            if (!bind.isSuccess()) {
                throw bindFailure(bind.cause());
            }
            serverChannel = bind.channel();
            started = true;
            LOG.info("{} listening for internode traffic on {}", self, serverChannel.localAddress());
            peers.values().forEach(PeerConnection::start);
        }
    }

    private ServerBootstrap newServerBootstrap() {
        return new ServerBootstrap()
                .group(group)
                .channel(io.serverSocketChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        channel.pipeline().addLast(
                                new FrameDecoder(self, limits.maxFrameBytes()),
                                new InboundConnectionHandler(self, inbound, inboundConnections,
                                        limits.handshakeTimeout()));
                    }
                });
    }

    private UncheckedIOException bindFailure(Throwable cause) {
        String address = (listenHost.indexOf(':') >= 0 ? "[" + listenHost + "]" : listenHost) + ":" + listenPort;
        String message = NetworkErrors.describe(cause);
        String reason = message.toLowerCase(Locale.ROOT).contains("in use")
                ? "the address is already in use (is another node or process listening on it?)"
                : message;
        String text = self + " cannot listen for internode traffic on " + address + ": " + reason;
        if (cause instanceof BindException bindException) {
            return new UncheckedIOException(text, bindException);
        }
        return new UncheckedIOException(text, new IOException(cause));
    }

    /** The bound address (useful with port 0). Only valid after {@link #start}. */
    public InetSocketAddress listenAddress() {
        synchronized (lifecycle) {
            if (serverChannel == null) {
                throw new IllegalStateException(self + " transport is not started");
            }
            return (InetSocketAddress) serverChannel.localAddress();
        }
    }

    /**
     * Sets the peers to dial, as {@code host:port} internode addresses. May be called again when
     * membership changes: unchanged peers keep their connection and queue, removed peers are
     * closed (their queued frames dropped), peers with a new address are redialled there. The
     * map may include this node itself; it is then dialled like any other peer.
     *
     * @throws IllegalArgumentException when an address is malformed; nothing changes then
     */
    public void setPeers(Map<NodeId, String> hostPorts) {
        requireNonNull(hostPorts, "hostPorts is null");
        Map<NodeId, HostPort> addresses = new TreeMap<>();
        hostPorts.forEach((id, text) -> addresses.put(requireNonNull(id, "peer id is null"), parsePeer(id, text)));
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            Map<NodeId, PeerConnection> current = peers;
            Map<NodeId, PeerConnection> next = new HashMap<>();
            addresses.forEach((id, address) -> next.put(id, keepOrDial(current.get(id), id, address)));
            for (PeerConnection old : current.values()) {
                if (!addresses.containsKey(old.peer())) {
                    LOG.info("{} removed peer {} at {}", self, old.peer(), old.address());
                    old.close();
                }
            }
            peers = Map.copyOf(next);
        }
    }

    private HostPort parsePeer(NodeId id, String text) {
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("peer " + id + " " + e.getMessage(), e);
        }
    }

    private PeerConnection keepOrDial(PeerConnection existing, NodeId id, HostPort address) {
        if (existing != null && existing.address().equals(address)) {
            return existing;
        }
        if (existing != null) {
            LOG.info("{} peer {} moved from {} to {}", self, id, existing.address(), address);
            existing.close();
        }
        PeerConnection connection = new PeerConnection(self, id, address, dialFrom, limits, group.next(),
                io.socketChannel(), channels);
        if (started) {
            connection.start();
        }
        return connection;
    }

    /**
     * Queues {@code payload} for {@code to} and returns at once. Never blocks and never throws for
     * network reasons: a frame for an unknown peer, a full queue, a payload over
     * {@link TransportLimits#maxFrameBytes()} or a closed transport drops the frame and counts it.
     *
     * <p>The array is owned by the transport from here on: the caller must not modify it.
     */
    public void send(NodeId to, byte[] payload) {
        requireNonNull(to, "to is null");
        requireNonNull(payload, "payload is null");
        PeerConnection connection = peers.get(to);
        if (connection == null) {
            framesDroppedNoRoute.increment();
            LOG.debug("{} dropped a frame for {}: not a peer", self, to);
            return;
        }
        connection.send(payload);
    }

    /** Stats for every peer and every node that dialled us, sorted by node id. */
    public List<PeerStats> peerStats() {
        Map<NodeId, PeerConnection> current = peers;
        TreeMap<NodeId, PeerStats> stats = new TreeMap<>();
        for (NodeId id : inboundConnections.knownNodes()) {
            stats.put(id, statsFor(id, current.get(id)));
        }
        current.forEach((id, connection) -> stats.put(id, statsFor(id, connection)));
        return new ArrayList<>(stats.values());
    }

    /** Stats for one node, if it is a peer or has dialled us. */
    public Optional<PeerStats> peerStats(NodeId node) {
        PeerConnection connection = peers.get(node);
        if (connection == null && !inboundConnections.knownNodes().contains(node)) {
            return Optional.empty();
        }
        return Optional.of(statsFor(node, connection));
    }

    private PeerStats statsFor(NodeId id, PeerConnection connection) {
        boolean inboundConnected = inboundConnections.isConnected(id);
        long received = inboundConnections.framesReceived(id);
        if (connection == null) {
            return new PeerStats(id, "", false, inboundConnected, 0, received, 0, 0, 0);
        }
        return connection.stats(inboundConnected, received);
    }

    /** Frames dropped because their destination was not a peer (or the transport was closed). */
    public long framesDroppedNoRoute() {
        return framesDroppedNoRoute.sum();
    }

    /**
     * Stops listening, closes every connection, drops queued frames and stops the I/O threads.
     * Idempotent. Waits up to a few seconds for the threads, except when called from one of them
     * (from an {@link InboundHandler}, say), where it starts the shutdown and returns.
     */
    @Override
    public void close() {
        // Waiting on our own I/O thread would deadlock (Netty refuses it), so from there just stop.
        boolean wait = !inOwnEventLoop();
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (serverChannel != null) {
                ChannelFuture unbind = serverChannel.close();
                if (wait) {
                    unbind.awaitUninterruptibly(2, TimeUnit.SECONDS);
                }
            }
            peers.values().forEach(PeerConnection::close);
            peers = Map.of();
        }
        // Close every connection before stopping the loops: a loop that stops does not reliably
        // close its channels, and a socket left open looks alive to the peer, which would keep
        // writing into it until its stall timeout.
        ChannelGroupFuture closing = channels.close();
        if (wait) {
            closing.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (ownsGroup) {
            // Quiet period 0: nothing new arrives once every channel is closed, so finish at once.
            Future<?> shutdown = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            if (wait) {
                shutdown.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        LOG.info("{} internode transport closed", self);
    }

    private boolean inOwnEventLoop() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
