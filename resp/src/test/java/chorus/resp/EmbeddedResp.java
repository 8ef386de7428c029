package chorus.resp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

/** An in-memory client connection to the RESP pipeline, for handler tests. */
final class EmbeddedResp {
    final RespChannelInitializer initializer;
    final EmbeddedChannel channel;
    int flushes;

    EmbeddedResp(RespChannelInitializer initializer) {
        this.initializer = initializer;
        this.channel = new EmbeddedChannel(initializer);
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
            }
        });
    }

    EmbeddedResp(RespServerConfig config, CommandHandler handler) {
        this(new RespChannelInitializer(config, ScriptedHandler.table(), handler));
    }

    EmbeddedResp(ScriptedHandler handler) {
        this(RespServerConfig.of("127.0.0.1", 0), handler);
    }

    /** Sends raw bytes in one read and returns everything written back since the last call. */
    String send(byte[] bytes) {
        channel.writeInbound(Resp.buffer(bytes));
        return Resp.written(channel);
    }

    /** Sends one multibulk command and returns what came back. */
    String command(String... words) {
        return send(Resp.request(words));
    }

    String written() {
        return Resp.written(channel);
    }

    Connection connection() {
        return initializer.registry().connections().stream()
                .filter(connection -> connection.channel() == channel)
                .findFirst()
                .orElseThrow();
    }
}
