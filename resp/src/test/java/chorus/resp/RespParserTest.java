package chorus.resp;

import static chorus.resp.Resp.ascii;
import static chorus.resp.Resp.concat;
import static chorus.resp.Resp.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.api.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespParserTest {
    private final RespParser parser = new RespParser(RespLimits.defaults());

    /** Feeds {@code chunks} one after another into one buffer, parsing after each, as a connection does. */
    private static List<Command> parseChunks(RespParser parser, List<byte[]> chunks) {
        List<Command> commands = new ArrayList<>();
        ByteBuf buffer = Unpooled.buffer();
        try {
            for (byte[] chunk : chunks) {
                buffer.writeBytes(chunk);
                Command command;
                while ((command = parser.parse(buffer, true)) != null) {
                    commands.add(command);
                }
                buffer.discardReadBytes();
            }
            assertThat(buffer.isReadable()).as("bytes left over").isFalse();
        } finally {
            buffer.release();
        }
        return commands;
    }

    private List<Command> parse(byte[] bytes) {
        return parseChunks(parser, List.of(bytes));
    }

    private static String errorFor(RespLimits limits, byte[] bytes, boolean authenticated) {
        RespParser parser = new RespParser(limits);
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        try {
            while (parser.parse(buffer, authenticated) != null) {
                // Commands before the error parse normally.
            }
            return "no error";
        } catch (ProtocolException e) {
            return e.toReply().line();
        }
    }

    private static String errorFor(byte[] bytes) {
        return errorFor(RespLimits.defaults(), bytes, true);
    }

    @Test
    void parsesMultibulkRequests() {
        List<Command> commands = parse(concat(request("set", "key", "va\r\nlue"), request("GET", "key")));

        assertThat(commands).containsExactly(Command.of("set", "key", "va\r\nlue"), Command.of("GET", "key"));
        assertThat(commands.get(0).name()).isEqualTo("SET");
        assertThat(commands.get(0).rawName()).isEqualTo(Bytes.utf8("set"));
    }

    @Test
    void parsesBinaryArgumentsAndEmptyStrings() {
        byte[] binary = {'*', '2', '\r', '\n', '$', '3', '\r', '\n', 'G', 'E', 'T', '\r', '\n',
            '$', '3', '\r', '\n', 0, (byte) 0xff, '\n', '\r', '\n'};

        assertThat(parse(binary).get(0).arg(0).toArray()).containsExactly(0, 0xff, '\n');
        assertThat(parse(request("ECHO", "")).get(0).args()).containsExactly(Bytes.EMPTY);
    }

    @Test
    void parsesInlineCommands() {
        assertThat(parse(ascii("PING\r\n"))).containsExactly(Command.of("PING"));
        assertThat(parse(ascii("ping\n"))).containsExactly(Command.of("ping"));
        assertThat(parse(ascii("  SET   k  v \r\nGET k\r\n"))).containsExactly(Command.of("SET", "k", "v"), Command.of("GET", "k"));
    }

    @Test
    void inlineCommandsUnderstandQuotes() {
        assertThat(parse(ascii("SET k \"hello world\"\r\n"))).containsExactly(Command.of("SET", "k", "hello world"));
        assertThat(parse(ascii("SET k \"a\\r\\n\\x41\\\"\"\r\n"))).containsExactly(Command.of("SET", "k", "a\r\nA\""));
        assertThat(parse(ascii("SET k 'it\\'s' ''\r\n"))).containsExactly(Command.of("SET", "k", "it's", ""));
        assertThat(errorFor(ascii("SET k \"open\r\n"))).isEqualTo("ERR Protocol error: unbalanced quotes in request");
        assertThat(errorFor(ascii("SET k \"a\"b\r\n"))).isEqualTo("ERR Protocol error: unbalanced quotes in request");
    }

    @Test
    void skipsEmptyLinesAndEmptyArraysAsRedisDoes() {
        assertThat(parse(ascii("\r\n\n   \r\n*0\r\n*-1\r\nPING\r\n"))).containsExactly(Command.of("PING"));
    }

    @Test
    void waitsForIncompleteInput() {
        ByteBuf buffer = Unpooled.buffer().writeBytes(ascii("*2\r\n$3\r\nGET\r\n$3\r\nke"));
        try {
            assertThat(parser.parse(buffer, true)).isNull();
            buffer.writeBytes(ascii("y\r\n"));
            assertThat(parser.parse(buffer, true)).isEqualTo(Command.of("GET", "key"));
        } finally {
            buffer.release();
        }
    }

    @Test
    void framesSplitAtEveryByteBoundaryParseTheSame() {
        List<byte[]> messages = List.of(
                concat(request("SET", "key", "value"), request("GET", "key")),
                ascii("PING\r\nSET k \"v w\"\r\n"),
                concat(ascii("*0\r\n"), request("HELLO", "3"), ascii("PING\n"), request("ECHO", "")),
                request("MSET", "a\r\n", "1", "bb", "22"));
        for (byte[] message : messages) {
            List<Command> whole = parse(message);
            assertThat(whole).isNotEmpty();
            for (int i = 1; i < message.length; i++) {
                for (int j = i; j < message.length; j++) {
                    List<byte[]> chunks = List.of(slice(message, 0, i), slice(message, i, j), slice(message, j, message.length));
                    assertThat(parseChunks(new RespParser(RespLimits.defaults()), chunks))
                            .as("split at %d and %d", i, j).isEqualTo(whole);
                }
            }
            List<byte[]> bytes = new ArrayList<>();
            for (int i = 0; i < message.length; i++) {
                bytes.add(slice(message, i, i + 1));
            }
            assertThat(parseChunks(new RespParser(RespLimits.defaults()), bytes)).as("byte by byte").isEqualTo(whole);
        }
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] slice = new byte[to - from];
        System.arraycopy(bytes, from, slice, 0, slice.length);
        return slice;
    }

    @Test
    void malformedInputGetsRedisProtocolErrors() {
        assertThat(errorFor(ascii("*abc\r\n"))).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(errorFor(ascii("*+1\r\n"))).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(errorFor(ascii("*01\r\n"))).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(errorFor(ascii("*\r\n"))).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(errorFor(ascii("*3\r\n:1\r\n"))).isEqualTo("ERR Protocol error: expected '$', got ':'");
        assertThat(errorFor(ascii("*1\r\n$-5\r\n"))).isEqualTo("ERR Protocol error: invalid bulk length");
        assertThat(errorFor(ascii("*1\r\n$x\r\n"))).isEqualTo("ERR Protocol error: invalid bulk length");
        assertThat(errorFor(ascii("*1\r\n$4\r\nPINGxx"))).startsWith("ERR Protocol error: expected '\\r\\n' after bulk string");
        assertThat(errorFor(ascii("*99999999999999999999\r\n"))).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(errorFor(ascii("*1048577\r\n"))).isEqualTo("ERR Protocol error: invalid multibulk length");
    }

    @Test
    void commandsBeforeAnErrorStillParse() {
        ByteBuf buffer = Unpooled.copiedBuffer(ascii("PING\r\n*1\r\n$-5\r\n"));
        try {
            assertThat(parser.parse(buffer, true)).isEqualTo(Command.of("PING"));
            assertThatThrownBy(() -> parser.parse(buffer, true)).isInstanceOf(ProtocolException.class);
        } finally {
            buffer.release();
        }
    }

    @Test
    void oversizedBulkHeaderIsRejectedBeforeAnyPayloadArrives() {
        ByteBuf buffer = Unpooled.copiedBuffer(ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$600000000\r\n"));
        try {
            assertThatThrownBy(() -> parser.parse(buffer, true))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessage("invalid bulk length");
            assertThat(buffer.capacity()).isLessThan(1024);
        } finally {
            buffer.release();
        }
    }

    @Test
    void limitsAreConfigurable() {
        RespLimits small = RespLimits.defaults().withMaxBulkLength(4).withMaxArrayElements(2).withMaxInlineLength(8)
                .withMaxRequestBytes(7);

        assertThat(errorFor(small, request("GET", "12345"), true)).isEqualTo("ERR Protocol error: invalid bulk length");
        assertThat(errorFor(small, request("GET", "1234"), true)).isEqualTo("no error");
        assertThat(errorFor(small, request("SET", "k", "v"), true)).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(errorFor(small, request("GETX", "1234"), true)).isEqualTo("ERR Protocol error: request is larger than 7 bytes");
        assertThat(errorFor(small, ascii("PING 1234"), true)).isEqualTo("ERR Protocol error: too big inline request");
        assertThat(errorFor(small, ascii("PING 1234\r\n"), true)).isEqualTo("ERR Protocol error: too big inline request");
        assertThat(errorFor(small, ascii("PING 123\r\n"), true)).isEqualTo("no error");
        assertThat(errorFor(small, ascii("*1234567890"), true)).isEqualTo("ERR Protocol error: too big mbulk count string");
        assertThat(errorFor(small, ascii("*1\r\n$1234567890"), true)).isEqualTo("ERR Protocol error: too big bulk count string");
    }

    @Test
    void unauthenticatedClientsGetRedisSmallLimits() {
        String[] eleven = new String[11];
        java.util.Arrays.fill(eleven, "x");

        assertThat(errorFor(RespLimits.defaults(), request(eleven), false))
                .isEqualTo("ERR Protocol error: unauthenticated multibulk length");
        assertThat(errorFor(RespLimits.defaults(), request("AUTH", "x".repeat(16 * 1024 + 1)), false))
                .isEqualTo("ERR Protocol error: unauthenticated bulk length");
        assertThat(errorFor(RespLimits.defaults(), request("AUTH", "secret"), false)).isEqualTo("no error");
    }
}
