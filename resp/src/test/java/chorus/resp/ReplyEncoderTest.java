package chorus.resp;

import static chorus.resp.Resp.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.api.Bytes;
import chorus.api.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyEncoderTest {

    private static void assertEncodes(Reply reply, String resp2, String resp3) {
        assertThat(encode(reply, 2)).as("RESP2").isEqualTo(resp2);
        assertThat(encode(reply, 3)).as("RESP3").isEqualTo(resp3);
    }

    @Test
    void simpleStringIsTheSameInBothProtocols() {
        assertEncodes(Reply.ok(), "+OK\r\n", "+OK\r\n");
        assertEncodes(Reply.simple("PONG"), "+PONG\r\n", "+PONG\r\n");
    }

    @Test
    void errorStartsWithItsCodeWord() {
        assertEncodes(Reply.err("unknown command"), "-ERR unknown command\r\n", "-ERR unknown command\r\n");
        assertEncodes(Reply.error(ErrorCode.WRONG_TYPE, "Operation against a key holding the wrong kind of value"),
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertEncodes(Reply.error(ErrorCode.UNAVAILABLE, "1 of 3 replicas alive"),
                "-UNAVAILABLE 1 of 3 replicas alive\r\n", "-UNAVAILABLE 1 of 3 replicas alive\r\n");
        assertEncodes(Reply.error(ErrorCode.BAD_REQUEST, "syntax error"), "-ERR syntax error\r\n", "-ERR syntax error\r\n");
        assertEncodes(Reply.error("MOVED", "12182 127.0.0.1:7413"), "-MOVED 12182 127.0.0.1:7413\r\n",
                "-MOVED 12182 127.0.0.1:7413\r\n");
    }

    @Test
    void errorMessagesNeverSpanLines() {
        Reply.Error error = Reply.err("first line\r\n\tat chorus.Foo.bar(Foo.java:1)\nlast");

        assertThat(encode(error, 2)).isEqualTo("-ERR first line  \tat chorus.Foo.bar(Foo.java:1) last\r\n");
        assertThat(encode(Reply.simple("a\nb"), 3)).isEqualTo("+a b\r\n");
        assertThat(encode(Reply.error("BAD\nCODE", ""), 2)).isEqualTo("-BAD_CODE\r\n");
    }

    @Test
    void integers() {
        assertEncodes(Reply.integer(42), ":42\r\n", ":42\r\n");
        assertEncodes(Reply.integer(Long.MIN_VALUE), ":-9223372036854775808\r\n", ":-9223372036854775808\r\n");
    }

    @Test
    void bulkStringsAreBinarySafe() {
        assertEncodes(Reply.bulk("foo"), "$3\r\nfoo\r\n", "$3\r\nfoo\r\n");
        assertEncodes(Reply.bulk(""), "$0\r\n\r\n", "$0\r\n\r\n");
        assertEncodes(Reply.bulk("a\r\nb"), "$4\r\na\r\nb\r\n", "$4\r\na\r\nb\r\n");
        byte[] binary = {0, (byte) 0xff, '\r'};
        assertThat(ReplyEncoder.toBytes(Reply.bulk(Bytes.wrapUnsafe(binary)), 2).toArray())
                .containsExactly('$', '3', '\r', '\n', 0, 0xff, '\r', '\r', '\n');
        assertThat(encode(Reply.bulk("é"), 2)).isEqualTo("$2\r\né\r\n");
    }

    @Test
    void nullsKeepTheirRespTwoShape() {
        assertEncodes(Reply.nullBulk(), "$-1\r\n", "_\r\n");
        assertEncodes(Reply.nullArray(), "*-1\r\n", "_\r\n");
    }

    @Test
    void arraysNest() {
        Reply reply = Reply.array(Reply.bulk("0"), Reply.array(Reply.bulk("k1"), Reply.integer(1)), Reply.nullBulk());

        assertEncodes(reply, "*3\r\n$1\r\n0\r\n*2\r\n$2\r\nk1\r\n:1\r\n$-1\r\n", "*3\r\n$1\r\n0\r\n*2\r\n$2\r\nk1\r\n:1\r\n_\r\n");
        assertEncodes(Reply.EMPTY_ARRAY, "*0\r\n", "*0\r\n");
        assertEncodes(Reply.bulkArray(List.of(Bytes.utf8("a"), Bytes.utf8("b"))), "*2\r\n$1\r\na\r\n$1\r\nb\r\n",
                "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    }

    @Test
    void mapsAreFlatArraysInRespTwo() {
        Reply map = Reply.map(List.of(Reply.pair("f1", Reply.bulk("v1")), Reply.pair("f2", Reply.integer(2))));

        assertEncodes(map, "*4\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n:2\r\n", "%2\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n:2\r\n");
        assertEncodes(Reply.map(List.of()), "*0\r\n", "%0\r\n");
    }

    @Test
    void mapsKeepInsertionOrder() {
        Reply map = Reply.map(List.of(Reply.pair("z", Reply.integer(1)), Reply.pair("a", Reply.integer(2))));

        assertThat(encode(map, 3)).isEqualTo("%2\r\n$1\r\nz\r\n:1\r\n$1\r\na\r\n:2\r\n");
    }

    @Test
    void setsAreArraysInRespTwo() {
        assertEncodes(new Reply.Set(List.of(Reply.bulk("m"))), "*1\r\n$1\r\nm\r\n", "~1\r\n$1\r\nm\r\n");
    }

    @Test
    void verbatimIsBulkTextInRespTwo() {
        assertEncodes(Reply.verbatim("# Server\r\nredis_version:7.2.0\r\n"),
                "$31\r\n# Server\r\nredis_version:7.2.0\r\n\r\n",
                "=35\r\ntxt:# Server\r\nredis_version:7.2.0\r\n\r\n");
        assertThat(encode(new Reply.Verbatim("mkd", "# hi"), 3)).isEqualTo("=8\r\nmkd:# hi\r\n");
        assertThatThrownBy(() -> new Reply.Verbatim("text", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void doublesAreBulkStringsInRespTwo() {
        assertEncodes(Reply.ofDouble(1.5), "$3\r\n1.5\r\n", ",1.5\r\n");
        assertEncodes(Reply.ofDouble(3), "$1\r\n3\r\n", ",3\r\n");
        assertEncodes(Reply.ofDouble(-2.67579734E8), "$10\r\n-267579734\r\n", ",-267579734\r\n");
        assertEncodes(Reply.ofDouble(Double.POSITIVE_INFINITY), "$3\r\ninf\r\n", ",inf\r\n");
        assertEncodes(Reply.ofDouble(Double.NEGATIVE_INFINITY), "$4\r\n-inf\r\n", ",-inf\r\n");
        assertEncodes(Reply.ofDouble(Double.NaN), "$3\r\nnan\r\n", ",nan\r\n");
        assertThat(encode(Reply.ofDouble(1e-7), 3)).isEqualTo(",1.0E-7\r\n");
        assertThat(Double.parseDouble(ReplyEncoder.formatDouble(0.1 + 0.2))).isEqualTo(0.1 + 0.2);
    }

    @Test
    void booleansAreIntegersInRespTwo() {
        assertEncodes(Reply.ofBoolean(true), ":1\r\n", "#t\r\n");
        assertEncodes(Reply.ofBoolean(false), ":0\r\n", "#f\r\n");
    }

    @Test
    void pushesAreArraysInRespTwo() {
        Reply push = Reply.push(List.of(Reply.bulk("message"), Reply.bulk("ch"), Reply.bulk("hi")));

        assertEncodes(push, "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
    }

    @Test
    void sequenceWritesFramesBackToBack() {
        Reply sequence = Reply.sequence(List.of(
                Reply.push(List.of(Reply.bulk("subscribe"), Reply.bulk("a"), Reply.integer(1))),
                Reply.push(List.of(Reply.bulk("subscribe"), Reply.bulk("b"), Reply.integer(2)))));

        assertThat(encode(sequence, 3)).isEqualTo(
                ">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n");
        assertThat(encode(Reply.sequence(List.of()), 2)).isEmpty();
        assertThatThrownBy(() -> encode(Reply.array(sequence), 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void helloMapLooksLikeRedis() {
        Reply hello = Reply.map(List.of(
                Reply.pair("server", Reply.bulk("redis")),
                Reply.pair("proto", Reply.integer(3)),
                Reply.pair("modules", Reply.EMPTY_ARRAY)));

        assertThat(encode(hello, 3)).isEqualTo("%3\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n$7\r\nmodules\r\n*0\r\n");
    }
}
