package chorus.resp;

import static chorus.resp.Resp.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chorus.api.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server on a real loopback socket, spoken to with raw RESP and with redis-cli. */
@Timeout(60)
class RespServerTest {
    private final ScheduledExecutorService backendThread = Executors.newSingleThreadScheduledExecutor();
    private final List<RespServer> servers = new ArrayList<>();

    /** Answers GET after a random delay on another thread, so completions arrive out of order. */
    private final CommandHandler slowBackend = new CommandHandler() {
        @Override
        public CompletionStage<Reply> handle(Connection connection, Command command) {
            CompletableFuture<Reply> reply = new CompletableFuture<>();
            Reply value = command.name().equals("GET") ? Reply.bulk(command.arg(0)) : Reply.ok();
            backendThread.schedule(() -> reply.complete(value), ThreadLocalRandom.current().nextInt(3000), TimeUnit.MICROSECONDS);
            return reply;
        }
    };

    @AfterEach
    void stop() {
        servers.forEach(RespServer::close);
        backendThread.shutdownNow();
    }

    private RespServer start(RespServerConfig config) {
        RespServer server = RespServer.start(config, ScriptedHandler.table(), slowBackend);
        servers.add(server);
        return server;
    }

    private RespServer start() {
        return start(RespServerConfig.of("127.0.0.1", 0));
    }

    @Test
    void speaksRespOverASocket() throws IOException {
        RespServer server = start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(Resp.concat(request("PING"), Resp.ascii("PING\r\n"), request("HELLO", "3"),
                    request("GET", "missing-in-resp3")));

            List<Reply> replies = readReplies(socket.getInputStream(), 4);

            assertThat(replies.get(0)).isEqualTo(Reply.simple("PONG"));
            assertThat(replies.get(1)).isEqualTo(Reply.simple("PONG"));
            assertThat(replies.get(2)).isInstanceOf(Reply.Map.class);
            assertThat(((Reply.Map) replies.get(2)).entries().get(0)).isEqualTo(Reply.pair("server", Reply.bulk("redis")));
            assertThat(replies.get(3)).isEqualTo(Reply.bulk("missing-in-resp3"));
        }
    }

    @Test
    void deepPipelinesAreAnsweredInOrderAcrossThreads() throws IOException {
        RespServer server = start(RespServerConfig.of("127.0.0.1", 0)
                .withLimits(RespLimits.defaults().withMaxPendingRequests(16)));
        int count = 2000;
        ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            pipeline.writeBytes(request("GET", "key:" + i));
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(pipeline.toByteArray());

            List<Reply> replies = readReplies(socket.getInputStream(), count);

            for (int i = 0; i < count; i++) {
                assertThat(replies.get(i)).isEqualTo(Reply.bulk("key:" + i));
            }
        }
    }

    @Test
    void protocolErrorsAreAnsweredThenTheSocketCloses() throws IOException {
        RespServer server = start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(Resp.ascii("*1\r\n$600000000\r\n"));

            assertThat(readReplies(socket.getInputStream(), 1))
                    .containsExactly(Reply.err("Protocol error: invalid bulk length"));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void refusesClientsOverTheLimit() throws IOException {
        RespServer server = start(RespServerConfig.of("127.0.0.1", 0).withMaxConnections(1));
        try (Socket first = new Socket("127.0.0.1", server.port())) {
            first.setSoTimeout(10_000);
            first.getOutputStream().write(request("PING"));
            assertThat(readReplies(first.getInputStream(), 1)).containsExactly(Reply.simple("PONG"));
            try (Socket second = new Socket("127.0.0.1", server.port())) {
                second.setSoTimeout(10_000);

                assertThat(readReplies(second.getInputStream(), 1)).containsExactly(Reply.err("max number of clients reached"));
                assertThat(readEndOfStream(second)).isTrue();
            }
            first.getOutputStream().write(request("PING"));
            assertThat(readReplies(first.getInputStream(), 1)).containsExactly(Reply.simple("PONG"));
        }
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() {
        RespServer server = start();

        assertThatThrownBy(() -> start(RespServerConfig.of("127.0.0.1", server.port())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("RESP server cannot listen on 127.0.0.1:" + server.port() + ": ")
                .hasMessageContaining("in use");
    }

    @Test
    void closeStopsListening() throws IOException {
        RespServer server = start();
        Socket client = new Socket("127.0.0.1", server.port());
        client.setSoTimeout(10_000);
        client.getOutputStream().write(request("PING"));
        assertThat(readReplies(client.getInputStream(), 1)).containsExactly(Reply.simple("PONG"));

        server.close();
        server.close();

        assertThat(readEndOfStream(client)).isTrue();
        assertThat(server.connections().count()).isZero();
        client.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void redisCliCanPingAndHandshake() throws Exception {
        assumeTrue(redisCliAvailable(), "redis-cli is not installed (apt-get install redis-tools)");
        RespServer server = start();
        String port = String.valueOf(server.port());

        assertThat(run("redis-cli", "-p", port, "PING")).isEqualTo("PONG\n");
        assertThat(run("redis-cli", "-p", port, "ECHO", "hello world")).isEqualTo("hello world\n");
        String hello = run("redis-cli", "--no-raw", "-3", "-p", port, "HELLO", "3");
        assertThat(hello).contains("1# \"server\" => \"redis\"").contains("\"version\" => \"7.2.0\"")
                .contains("\"proto\" => (integer) 3").contains("\"mode\" => \"standalone\"")
                .contains("\"modules\" => (empty array)");
        assertThat(run("redis-cli", "-p", port, "-n", "0", "GET", "k")).isEqualTo("k\n");
        assertThat(run("redis-cli", "-p", port, "NOPE", "x")).contains("ERR unknown command 'NOPE', with args beginning with: 'x'");
    }

    /** True when the server closed the connection: end of stream, or a reset. */
    private static boolean readEndOfStream(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void redisCliReadsCommandDocsAndCommandsFromStdin() throws Exception {
        assumeTrue(toolAvailable("redis-cli"), "redis-cli is not installed (apt-get install redis-tools)");
        RespServer server = start();

        String output = runWithInput("PING\nECHO \"two words\"\nSET k v\n", "redis-cli", "-p", String.valueOf(server.port()));

        assertThat(output).isEqualTo("PONG\ntwo words\nOK\n");
    }

    @Test
    void redisBenchmarkRunsWithoutErrors() throws Exception {
        assumeTrue(toolAvailable("redis-benchmark"), "redis-benchmark is not installed (apt-get install redis-tools)");
        RespServer server = start();
        String port = String.valueOf(server.port());

        String plain = run("redis-benchmark", "-p", port, "-t", "ping_inline,ping_mbulk,set,get", "-n", "2000", "-c", "4", "-q");
        String pipelined = run("redis-benchmark", "-p", port, "-3", "-t", "set,get", "-n", "4000", "-c", "4", "-P", "16", "-q");

        assertThat(plain).contains("PING_INLINE:").contains("PING_MBULK:").contains("SET:").contains("GET:")
                .doesNotContain("Error");
        assertThat(pipelined).contains("SET:").contains("GET:").doesNotContain("Error");
    }

    private static boolean redisCliAvailable() {
        return toolAvailable("redis-cli");
    }

    private static boolean toolAvailable(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return runWithInput("", command);
    }

    private static String runWithInput(String input, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Reads until {@code count} whole replies have arrived. */
    private static List<Reply> readReplies(InputStream in, int count) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        while (true) {
            List<Reply> replies = tryParse(received.toByteArray(), count);
            if (replies != null) {
                return replies;
            }
            int read = in.read(chunk);
            if (read < 0) {
                throw new IOException("connection closed after " + received.size() + " bytes: "
                        + Bytes.wrapUnsafe(received.toByteArray()));
            }
            received.write(chunk, 0, read);
        }
    }

    private static List<Reply> tryParse(byte[] bytes, int count) {
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        List<Reply> replies = new ArrayList<>();
        try {
            while (replies.size() < count) {
                replies.add(ReplyReader.read(buffer));
            }
            assertThat(buffer.isReadable()).as("bytes after the expected replies").isFalse();
            return replies;
        } catch (IndexOutOfBoundsException | IllegalArgumentException incomplete) {
            return null;
        }
    }
}
