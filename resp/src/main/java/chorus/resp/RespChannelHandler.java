package chorus.resp;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: parses requests, dispatches them, and writes the replies in request order
 * however their completions are ordered (DESIGN.md D9).
 *
 * <p>Each request takes a slot in a queue when it is dispatched; a reply fills its slot, possibly
 * from another thread; the event loop then writes the filled slots at the head of the queue. All
 * ready replies are encoded into one buffer and flushed once: per read batch, or per burst of
 * completions (one pump task is scheduled however many completions arrive before it runs).
 *
 * <p>Backpressure: with {@link RespLimits#maxPendingRequests()} requests unanswered, or while the
 * client does not read its replies (the channel is not writable), parsing stops and auto-read is
 * turned off; both resume as replies drain. QUIT and protocol errors answer after the replies
 * already due, then close the connection.
 *
 * <p>Not sharable: one instance per channel. Every method except {@link #complete} and
 * {@link #push} runs on the channel's event loop.
 */
final class RespChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RespChannelHandler.class);
    /** Replies are written in buffers of about this size, so a long pipeline streams out. */
    private static final int WRITE_CHUNK_BYTES = 64 * 1024;

    private final RespChannelInitializer shared;
    private final RespParser parser;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private ChannelHandlerContext context;
    private Connection connection;
    private ByteBuf input;
    private int pendingRequests;
    /** No more input is accepted: refused, QUIT, protocol error or closed. */
    private boolean closing;
    /** Inside the parse loop: completions that arrive now are written by the loop's caller. */
    private boolean dispatching;
    private boolean unflushed;

    /** One reply to come: a request's, or a push. {@code reply} is set from any thread. */
    private static final class Slot {
        final boolean request;
        volatile Reply reply;
        int protocol;
        boolean closeAfter;

        Slot(boolean request) {
            this.request = request;
        }
    }

    RespChannelHandler(RespChannelInitializer shared) {
        this.shared = requireNonNull(shared, "shared is null");
        this.parser = new RespParser(shared.config().limits());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ConnectionRegistry registry = shared.registry();
        Connection candidate = new Connection(registry.nextId(), ctx.channel(),
                shared.config().password().isEmpty(), this::push);
        if (!registry.tryAdd(candidate, shared.config().maxConnections())) {
            closing = true;
            log.debug("refused connection from {}: {} clients connected", ctx.channel().remoteAddress(), registry.count());
            ByteBuf out = ctx.alloc().buffer();
            ReplyEncoder.encode(Reply.err("max number of clients reached"), 2, out);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        connection = candidate;
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(message);
            return;
        }
        if (closing || connection == null) {
            bytes.release();
            return;
        }
        input = input == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), input, bytes);
        dispatchAvailable();
        writeReady();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        pump();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pump();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        slots.clear();
        pendingRequests = 0;
        releaseInput();
        if (connection != null) {
            shared.registry().remove(connection);
            try {
                shared.handler().onClose(connection);
            } catch (RuntimeException e) {
                log.warn("onClose failed for connection id={}", connection.id(), e);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseInput();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("unexpected error on connection {}; closing it", ctx.channel().remoteAddress(), cause);
        }
        closing = true;
        ctx.close();
    }

    /** Parses and dispatches buffered requests while the limits allow. */
    private void dispatchAvailable() {
        if (input == null) {
            return;
        }
        Channel channel = context.channel();
        dispatching = true;
        try {
            while (!closing && pendingRequests < shared.config().limits().maxPendingRequests() && channel.isWritable()) {
                Command command = parser.parse(input, connection.isAuthenticated());
                if (command == null) {
                    break;
                }
                execute(command);
            }
        } catch (ProtocolException e) {
            log.debug("protocol error from {}: {}", channel.remoteAddress(), e.getMessage());
            closeAfter(e.toReply());
        } finally {
            dispatching = false;
        }
        if (closing || !input.isReadable()) {
            releaseInput();
        } else {
            input.discardSomeReadBytes();
        }
    }

    private void execute(Command command) {
        if (command.name().equals("QUIT")) {
            closeAfter(Reply.ok());
            return;
        }
        Slot slot = new Slot(true);
        slots.add(slot);
        pendingRequests++;
        CompletionStage<Reply> stage;
        try {
            stage = shared.dispatcher().dispatch(connection, command);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        // A command such as HELLO 3 switches the protocol before its own reply is rendered.
        slot.protocol = connection.protocol();
        stage.whenComplete((reply, failure) -> complete(slot, CommandDispatcher.settle(command, reply, failure)));
    }

    /** Queues a last reply; the connection closes once it is written. */
    private void closeAfter(Reply reply) {
        Slot slot = new Slot(true);
        slot.reply = reply;
        slot.protocol = connection.protocol();
        slot.closeAfter = true;
        slots.add(slot);
        pendingRequests++;
        closing = true;
    }

    /** Fills a slot; any thread. */
    private void complete(Slot slot, Reply reply) {
        slot.reply = reply;
        if (!(context.executor().inEventLoop() && dispatching)) {
            schedulePump();
        }
    }

    /** Queues an out-of-band reply behind those already due; any thread. */
    private void push(Reply reply) {
        if (context.executor().inEventLoop()) {
            enqueuePush(reply);
        } else {
            runOnEventLoop(() -> enqueuePush(reply));
        }
    }

    private void enqueuePush(Reply reply) {
        if (closing) {
            return;
        }
        Slot slot = new Slot(false);
        slot.reply = reply;
        slot.protocol = connection.protocol();
        slots.add(slot);
        if (!dispatching) {
            schedulePump();
        }
    }

    private void schedulePump() {
        if (pumpScheduled.compareAndSet(false, true)) {
            runOnEventLoop(() -> {
                pumpScheduled.set(false);
                pump();
            });
        }
    }

    private void runOnEventLoop(Runnable task) {
        try {
            context.executor().execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("event loop is shutting down; dropping work for connection {}", context.channel().remoteAddress());
        }
    }

    /** Writes what is ready, dispatches what that made room for, flushes once, updates auto-read. */
    private void pump() {
        if (connection == null) {
            return;
        }
        while (true) {
            dispatchAvailable();
            int written = writeReady();
            if (written == 0 || closing || input == null) {
                break;
            }
        }
        if (unflushed) {
            unflushed = false;
            context.flush();
        }
        updateAutoRead();
    }

    /** Encodes the filled slots at the head of the queue and writes them without flushing. */
    private int writeReady() {
        int written = 0;
        ByteBuf out = null;
        while (!slots.isEmpty() && slots.peek().reply != null) {
            Slot slot = slots.poll();
            if (slot.request) {
                pendingRequests--;
            }
            if (out == null) {
                out = context.alloc().ioBuffer();
            }
            encodeSafely(slot.reply, slot.protocol, out);
            written++;
            if (slot.closeAfter) {
                slots.clear();
                unflushed = false;
                context.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
                return written;
            }
            if (out.readableBytes() >= WRITE_CHUNK_BYTES) {
                context.write(out);
                unflushed = true;
                out = null;
            }
        }
        if (out != null) {
            context.write(out);
            unflushed = true;
        }
        return written;
    }

    /** A reply that cannot be encoded (a backend bug, such as a nested Sequence) becomes -INTERNAL. */
    private void encodeSafely(Reply reply, int protocol, ByteBuf out) {
        int start = out.writerIndex();
        try {
            ReplyEncoder.encode(reply, protocol, out);
        } catch (RuntimeException e) {
            log.warn("cannot encode a reply for connection id={}", connection.id(), e);
            out.writerIndex(start);
            ReplyEncoder.encode(Reply.error("INTERNAL", "the server built an invalid reply; this is a bug, please report it ("
                    + e.getMessage() + ")"), protocol, out);
        }
    }

    private void updateAutoRead() {
        Channel channel = context.channel();
        boolean shouldRead = !closing
                && pendingRequests < shared.config().limits().maxPendingRequests()
                && channel.isWritable();
        if (channel.config().isAutoRead() != shouldRead) {
            channel.config().setAutoRead(shouldRead);
        }
    }

    private void releaseInput() {
        if (input != null) {
            input.release();
            input = null;
        }
    }
}
