package chorus.resp;

import static chorus.resp.Resp.ascii;
import static chorus.resp.Resp.concat;
import static chorus.resp.Resp.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request/reply flow through the pipeline: ordering, batching, backpressure, closing. */
class RespChannelHandlerTest {
    private final ScriptedHandler handler = new ScriptedHandler();

    @Test
    void answersMultibulkAndInlinePing() {
        EmbeddedResp client = new EmbeddedResp(handler);

        assertThat(client.command("PING")).isEqualTo("+PONG\r\n");
        assertThat(client.send(ascii("PING\r\n"))).isEqualTo("+PONG\r\n");
        assertThat(client.send(ascii("ping hello\n"))).isEqualTo("$5\r\nhello\r\n");
    }

    @Test
    void passesDataCommandsToTheHandler() {
        EmbeddedResp client = new EmbeddedResp(handler);

        assertThat(client.command("set", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(client.command("GET", "k")).isEqualTo("$1\r\nk\r\n");
        assertThat(handler.handled).containsExactly(Command.of("set", "k", "v"), Command.of("GET", "k"));
    }

    @Test
    void requestsSplitAtEveryByteGetTheSameReplies() {
        byte[] message = concat(request("SET", "k", "v\r\n"), ascii("PING\r\n"), request("HELLO", "3"), request("GET", "k"));
        String whole = new EmbeddedResp(new ScriptedHandler()).send(message);
        for (int i = 1; i < message.length; i++) {
            EmbeddedResp client = new EmbeddedResp(new ScriptedHandler());
            String first = client.send(Arrays.copyOfRange(message, 0, i));
            String second = client.send(Arrays.copyOfRange(message, i, message.length));

            assertThat(first + second).as("split at %d", i).isEqualTo(whole);
        }
    }

    @Test
    void pipelinedRepliesKeepRequestOrderWhenCompletionsArriveInReverse() {
        handler.deferReplies = true;
        EmbeddedResp client = new EmbeddedResp(handler);

        assertThat(client.send(concat(request("GET", "a"), request("GET", "b"), request("GET", "c")))).isEmpty();
        assertThat(handler.deferred).hasSize(3);
        handler.deferred.get(2).complete(Reply.bulk("C"));
        handler.deferred.get(1).complete(Reply.bulk("B"));
        assertThat(client.written()).as("nothing before the first reply").isEmpty();

        handler.deferred.get(0).complete(Reply.bulk("A"));

        assertThat(client.written()).isEqualTo("$1\r\nA\r\n$1\r\nB\r\n$1\r\nC\r\n");
    }

    @Test
    void connectionCommandsWaitBehindEarlierBackendReplies() {
        handler.deferReplies = true;
        EmbeddedResp client = new EmbeddedResp(handler);

        assertThat(client.send(concat(request("GET", "a"), request("PING")))).isEmpty();
        handler.deferred.get(0).complete(Reply.nullBulk());

        assertThat(client.written()).isEqualTo("$-1\r\n+PONG\r\n");
    }

    @Test
    void aBatchOfReadyRepliesIsWrittenAndFlushedOnce() {
        EmbeddedResp client = new EmbeddedResp(handler);
        byte[][] pings = new byte[100][];
        Arrays.fill(pings, request("PING"));
        int flushesBefore = client.flushes;

        client.channel.writeInbound(Resp.buffer(concat(pings)));

        assertThat(client.flushes - flushesBefore).isEqualTo(1);
        ByteBuf out = client.channel.readOutbound();
        assertThat(out.readableBytes()).isEqualTo(100 * "+PONG\r\n".length());
        out.release();
        Object nothingMore = client.channel.readOutbound();
        assertThat(nothingMore).isNull();
    }

    @Test
    void completionsThatArriveTogetherAreFlushedTogether() {
        handler.deferReplies = true;
        EmbeddedResp client = new EmbeddedResp(handler);
        client.send(concat(request("GET", "a"), request("GET", "b"), request("GET", "c")));
        int flushesBefore = client.flushes;

        handler.deferred.forEach(future -> future.complete(Reply.ok()));

        assertThat(client.written()).isEqualTo("+OK\r\n+OK\r\n+OK\r\n");
        assertThat(client.flushes - flushesBefore).isEqualTo(1);
    }

    @Test
    void stopsReadingAtThePendingLimitAndResumesAsRepliesDrain() {
        handler.deferReplies = true;
        RespServerConfig config = RespServerConfig.of("127.0.0.1", 0)
                .withLimits(RespLimits.defaults().withMaxPendingRequests(4));
        EmbeddedResp client = new EmbeddedResp(config, handler);
        byte[][] gets = new byte[6][];
        for (int i = 0; i < gets.length; i++) {
            gets[i] = request("GET", "k" + i);
        }

        client.send(concat(gets));

        assertThat(handler.handled).hasSize(4);
        assertThat(client.channel.config().isAutoRead()).isFalse();

        handler.deferred.get(0).complete(Reply.integer(0));
        assertThat(client.written()).isEqualTo(":0\r\n");
        assertThat(handler.handled).as("one slot freed, one more request read").hasSize(5);
        assertThat(client.channel.config().isAutoRead()).isFalse();

        for (int i = 1; i < 6; i++) {
            handler.deferred.get(i).complete(Reply.integer(i));
            client.written();
        }
        assertThat(handler.handled).hasSize(6);
        assertThat(client.channel.config().isAutoRead()).isTrue();
    }

    @Test
    void quitRepliesOkAndClosesAfterEarlierReplies() {
        EmbeddedResp client = new EmbeddedResp(handler);

        String written = client.send(concat(request("GET", "a"), request("QUIT"), request("GET", "b")));

        assertThat(written).isEqualTo("$1\r\na\r\n+OK\r\n");
        assertThat(client.channel.isOpen()).isFalse();
        assertThat(handler.handled).hasSize(1);
    }

    @Test
    void malformedInputGetsAProtocolErrorAndTheConnectionCloses() {
        List<String> inputs = List.of("*abc\r\n", "*1\r\n$-5\r\n", "*3\r\n:1\r\n", "*1\r\n$600000000\r\n", "SET \"x\r\n");
        List<String> errors = List.of(
                "-ERR Protocol error: invalid multibulk length\r\n",
                "-ERR Protocol error: invalid bulk length\r\n",
                "-ERR Protocol error: expected '$', got ':'\r\n",
                "-ERR Protocol error: invalid bulk length\r\n",
                "-ERR Protocol error: unbalanced quotes in request\r\n");
        for (int i = 0; i < inputs.size(); i++) {
            EmbeddedResp client = new EmbeddedResp(handler);

            assertThat(client.send(ascii("PING\r\n" + inputs.get(i)))).as(inputs.get(i)).isEqualTo("+PONG\r\n" + errors.get(i));
            assertThat(client.channel.isOpen()).as(inputs.get(i)).isFalse();
        }
    }

    @Test
    void protocolErrorWaitsForPendingRepliesBeforeClosing() {
        handler.deferReplies = true;
        EmbeddedResp client = new EmbeddedResp(handler);

        assertThat(client.send(concat(request("GET", "a"), ascii("*x\r\n")))).isEmpty();
        assertThat(client.channel.isOpen()).isTrue();
        handler.deferred.get(0).complete(Reply.bulk("A"));

        assertThat(client.written()).isEqualTo("$1\r\nA\r\n-ERR Protocol error: invalid multibulk length\r\n");
        assertThat(client.channel.isOpen()).isFalse();
    }

    @Test
    void inputAfterAnErrorIsDiscarded() {
        EmbeddedResp client = new EmbeddedResp(handler);

        client.send(ascii("*x\r\n"));

        assertThat(handler.handled).isEmpty();
        assertThat(client.channel.isOpen()).isFalse();
    }

    @Test
    void backendBugsBecomeInternalErrorsWithoutStackTraces() {
        EmbeddedResp client = new EmbeddedResp(handler);
        handler.throwOnHandle = new IllegalStateException("broken\ninvariant");

        assertThat(client.command("GET", "k"))
                .isEqualTo("-INTERNAL unexpected error in 'get'; this is a bug, please report it "
                        + "(IllegalStateException: broken invariant)\r\n");

        handler.throwOnHandle = null;
        handler.deferReplies = true;
        client.command("GET", "k");
        handler.deferred.get(0).completeExceptionally(new ArithmeticException("boom"));
        assertThat(client.written()).startsWith("-INTERNAL unexpected error in 'get'").contains("ArithmeticException: boom");

        client.command("GET", "k");
        handler.deferred.get(1).complete(null);
        assertThat(client.written()).startsWith("-INTERNAL").contains("no reply");
        assertThat(client.channel.isOpen()).isTrue();
    }

    @Test
    void unencodableRepliesBecomeInternalErrors() {
        handler.deferReplies = true;
        EmbeddedResp client = new EmbeddedResp(handler);
        client.send(concat(request("GET", "a"), request("GET", "b")));

        handler.deferred.get(0).complete(Reply.array(Reply.sequence(List.of(Reply.ok()))));
        handler.deferred.get(1).complete(Reply.ok());

        assertThat(client.written()).startsWith("-INTERNAL the server built an invalid reply").endsWith(")\r\n+OK\r\n");
        assertThat(client.channel.isOpen()).isTrue();
    }

    @Test
    void pushesArriveAfterRepliesAlreadyDue() {
        handler.deferReplies = true;
        EmbeddedResp client = new EmbeddedResp(handler);
        client.command("GET", "a");

        client.connection().push(Reply.push(List.of(Reply.bulk("message"), Reply.bulk("ch"), Reply.bulk("hi"))));
        assertThat(client.written()).isEmpty();
        handler.deferred.get(0).complete(Reply.ok());

        assertThat(client.written()).isEqualTo("+OK\r\n*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
    }

    @Test
    void refusesConnectionsOverTheLimit() {
        RespChannelInitializer initializer = new RespChannelInitializer(
                RespServerConfig.of("127.0.0.1", 0).withMaxConnections(1), ScriptedHandler.table(), handler);
        EmbeddedResp first = new EmbeddedResp(initializer);
        EmbeddedResp second = new EmbeddedResp(initializer);

        assertThat(second.written()).isEqualTo("-ERR max number of clients reached\r\n");
        assertThat(second.channel.isOpen()).isFalse();
        assertThat(first.command("PING")).isEqualTo("+PONG\r\n");

        first.channel.close();
        assertThat(initializer.registry().count()).isZero();
        assertThat(handler.closed).hasSize(1);
        EmbeddedResp third = new EmbeddedResp(initializer);
        assertThat(third.command("PING")).isEqualTo("+PONG\r\n");
    }
}
