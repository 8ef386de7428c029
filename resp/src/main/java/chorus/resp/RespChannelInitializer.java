package chorus.resp;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Sets up the RESP pipeline on each accepted client channel, and holds what the connections of one
 * server share: configuration, command table, backend handler and connection registry.
 * {@link RespServer} uses it; a server that runs its own Netty bootstrap can install it directly.
 *
 * <p>Thread-safe and sharable: everything it holds is immutable or thread-safe.
 */
public final class RespChannelInitializer extends ChannelInitializer<Channel> {
    private final RespServerConfig config;
    private final CommandHandler handler;
    private final ConnectionRegistry registry;
    private final CommandDispatcher dispatcher;

    public RespChannelInitializer(RespServerConfig config, CommandTable table, CommandHandler handler) {
        this(config, table, handler, new ConnectionRegistry());
    }

    public RespChannelInitializer(RespServerConfig config, CommandTable table, CommandHandler handler,
            ConnectionRegistry registry) {
        this.config = requireNonNull(config, "config is null");
        this.handler = requireNonNull(handler, "handler is null");
        this.registry = requireNonNull(registry, "registry is null");
        ConnectionCommands connectionCommands = new ConnectionCommands(config, table, registry, handler);
        this.dispatcher = new CommandDispatcher(requireNonNull(table, "table is null"), handler, connectionCommands);
    }

    /** The open connections (for INFO's {@code connected_clients}, for instance). */
    public ConnectionRegistry registry() {
        return registry;
    }

    public RespServerConfig config() {
        return config;
    }

    CommandHandler handler() {
        return handler;
    }

    CommandDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast("resp", new RespChannelHandler(this));
    }
}
