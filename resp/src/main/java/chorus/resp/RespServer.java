package chorus.resp;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RESP front door: listens on {@code host:port} and serves Redis clients, answering connection
 * commands itself and passing the rest to a {@link CommandHandler}.
 *
 * <pre>{@code
 * try (RespServer server = RespServer.start(RespServerConfig.of("127.0.0.1", 6379), table, handler)) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Owns its event loops (one accepts connections, {@link RespServerConfig#ioThreads()} serve
 * them) unless it is started on loops lent by its backend, which it then does not stop. {@link
 * #close} may be called from any thread except those event loops; it is idempotent.
 */
public final class RespServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RespServer.class);
    /** Above this many unflushed reply bytes a connection stops reading until the client catches up. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final boolean ownsLoops;
    private final Channel serverChannel;
    private final RespChannelInitializer initializer;
    private final InetSocketAddress localAddress;
    private boolean closed;

    private RespServer(EventLoopGroup acceptor, EventLoopGroup workers, boolean ownsLoops, Channel serverChannel,
            RespChannelInitializer initializer) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.ownsLoops = ownsLoops;
        this.serverChannel = serverChannel;
        this.initializer = initializer;
        this.localAddress = (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Binds and starts serving. Throws {@link IllegalStateException} naming {@code host:port} if it
     * cannot bind (for example, the port is in use); nothing is left running then.
     */
    public static RespServer start(RespServerConfig config, CommandTable table, CommandHandler handler) {
        return start(config, table, handler, new ConnectionRegistry());
    }

    /** As {@link #start(RespServerConfig, CommandTable, CommandHandler)}, sharing a registry the backend holds. */
    public static RespServer start(RespServerConfig config, CommandTable table, CommandHandler handler,
            ConnectionRegistry registry) {
        requireNonNull(config, "config is null");
        return start(config, table, handler, registry, new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()),
                new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory()),
                NioServerSocketChannel.class, true);
    }

    /**
     * As {@link #start(RespServerConfig, CommandTable, CommandHandler, ConnectionRegistry)}, but accepting
     * and serving connections on {@code sharedLoops}, which the server does not stop (its
     * {@link RespServerConfig#ioThreads()} is then ignored). A backend that runs on one of those loops
     * answers a command without a hand-over between threads. {@code serverChannelType} must suit
     * those loops (an epoll channel for epoll loops, NIO for NIO).
     */
    public static RespServer start(RespServerConfig config, CommandTable table, CommandHandler handler,
            ConnectionRegistry registry, EventLoopGroup sharedLoops,
            Class<? extends ServerSocketChannel> serverChannelType) {
        requireNonNull(config, "config is null");
        requireNonNull(sharedLoops, "sharedLoops is null");
        requireNonNull(serverChannelType, "serverChannelType is null");
        return start(config, table, handler, registry, sharedLoops, sharedLoops, serverChannelType, false);
    }

    private static RespServer start(RespServerConfig config, CommandTable table, CommandHandler handler,
            ConnectionRegistry registry, EventLoopGroup acceptor, EventLoopGroup workers,
            Class<? extends ServerSocketChannel> serverChannelType, boolean ownsLoops) {
        RespChannelInitializer initializer = new RespChannelInitializer(config, table, handler, registry);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(serverChannelType)
                .option(ChannelOption.SO_BACKLOG, 511)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(initializer);
        String address = config.host() + ":" + config.port();
        try {
            Channel channel = bootstrap.bind(config.host(), config.port()).sync().channel();
            RespServer server = new RespServer(acceptor, workers, ownsLoops, channel, initializer);
            log.info("RESP server listening on {} (mode={}, maxConnections={}, auth={})",
                    ClientCommand.address(server.localAddress),
                    config.mode().wireName(), config.maxConnections(), config.password().isPresent() ? "on" : "off");
            return server;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (ownsLoops) {
                shutdown(acceptor, workers);
            }
            throw new IllegalStateException("RESP server cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The bound address; its port is the real one when the configured port was 0. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public int port() {
        return localAddress.getPort();
    }

    /** The open client connections. */
    public ConnectionRegistry connections() {
        return initializer.registry();
    }

    /**
     * Stops accepting, closes every connection (replies not yet written are lost) and stops the
     * event loops; waits up to about 10 seconds.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().syncUninterruptibly();
        for (Connection connection : initializer.registry().connections()) {
            connection.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (ownsLoops) {
            shutdown(acceptor, workers);
        }
        log.info("RESP server on {} stopped", ClientCommand.address(localAddress));
    }

    private static void shutdown(EventLoopGroup acceptor, EventLoopGroup workers) {
        acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
