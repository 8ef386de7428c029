package chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyParserTest {
    private static final String REPLIES = "+OK\r\n"
            + "-UNAVAILABLE QUORUM write needs 2 of 3\r\n"
            + ":42\r\n"
            + "$5\r\nhello\r\n"
            + "$-1\r\n"
            + "$0\r\n\r\n"
            + "*2\r\n$1\r\na\r\n*1\r\n:1\r\n"
            + "*-1\r\n"
            + "%2\r\n+f1\r\n$2\r\nv1\r\n+f2\r\n*0\r\n"
            + "_\r\n"
            + ",3.14\r\n"
            + "!11\r\nSYNTAX oops\r\n"
            + "-ERR\r\n";
    private static final List<String> EXPECTED = List.of("VALUE", "ERROR UNAVAILABLE", "VALUE", "VALUE", "NIL",
            "VALUE", "VALUE", "NIL", "VALUE", "NIL", "VALUE", "ERROR SYNTAX", "ERROR ERR");

    @Test
    void findsEveryReplyAndItsKind() throws Exception {
        assertThat(parseAll(ByteBuffer.wrap(REPLIES.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(EXPECTED);
    }

    /** Replies arrive in arbitrary pieces: split the stream at every byte and feed it in two reads. */
    @Test
    void aReplySplitAtAnyByteIsReadOnceWhole() throws Exception {
        byte[] bytes = REPLIES.getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= bytes.length; split++) {
            ReplyParser parser = new ReplyParser();
            ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
            List<String> seen = new ArrayList<>();
            buffer.put(bytes, 0, split).flip();
            seen.addAll(drain(parser, buffer));
            buffer.compact().put(bytes, split, bytes.length - split).flip();
            seen.addAll(drain(parser, buffer));
            assertThat(seen).as("split at %d", split).isEqualTo(EXPECTED);
            assertThat(buffer.hasRemaining()).isFalse();
        }
    }

    @Test
    void bytesThatAreNotRespAreAProtocolError() {
        ByteBuffer garbage = ByteBuffer.wrap("HTTP/1.1 400\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new ReplyParser().parse(garbage)).isInstanceOf(ReplyParser.ProtocolException.class);
    }

    private static List<String> parseAll(ByteBuffer buffer) throws Exception {
        return drain(new ReplyParser(), buffer);
    }

    private static List<String> drain(ReplyParser parser, ByteBuffer buffer) throws Exception {
        List<String> seen = new ArrayList<>();
        while (parser.parse(buffer)) {
            seen.add(parser.outcome() == ReplyParser.Outcome.ERROR ? "ERROR " + parser.errorKind()
                    : parser.outcome().name());
        }
        return seen;
    }
}
