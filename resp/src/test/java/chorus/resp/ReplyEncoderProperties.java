package chorus.resp;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every reply encodes to exactly one well-formed frame; RESP3 frames read back as the same reply. */
class ReplyEncoderProperties {

    @Property(tries = 200)
    void respThreeRoundTrips(@ForAll("replies") Reply reply) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            ReplyEncoder.encode(reply, 3, buffer);
            assertThat(ReplyReader.read(buffer)).isEqualTo(reply);
            assertThat(buffer.isReadable()).as("one frame, nothing after it").isFalse();
        } finally {
            buffer.release();
        }
    }

    @Property(tries = 200)
    void respTwoIsOneWellFormedFrame(@ForAll("replies") Reply reply) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            ReplyEncoder.encode(reply, 2, buffer);
            ReplyReader.read(buffer);
            assertThat(buffer.isReadable()).as("one frame, nothing after it").isFalse();
        } finally {
            buffer.release();
        }
    }

    @Provide
    Arbitrary<Reply> replies() {
        return Arbitraries.recursive(ReplyEncoderProperties::leaf, ReplyEncoderProperties::aggregate, 0, 2);
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("é€\r\n\t").ofMaxLength(20);
    }

    private static Arbitrary<Reply> leaf() {
        Arbitrary<String> code = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(10);
        return Arbitraries.oneOf(
                text().map(Reply::simple),
                Combinators.combine(code, text()).as(Reply::error),
                Arbitraries.longs().map(Reply::integer),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(bytes -> Reply.bulk(Bytes.wrapUnsafe(bytes))),
                Arbitraries.just(Reply.nullBulk()),
                Combinators.combine(Arbitraries.strings().alpha().ofLength(3), text()).as(Reply.Verbatim::new),
                Arbitraries.doubles().filter(value -> Double.doubleToRawLongBits(value) != Double.doubleToRawLongBits(-0.0))
                        .injectDuplicates(0.1).map(Reply::ofDouble),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, 4.9e-324)
                        .map(Reply::ofDouble),
                Arbitraries.of(true, false).map(Reply::ofBoolean));
    }

    private static Arbitrary<Reply> aggregate(Arbitrary<Reply> element) {
        return Arbitraries.oneOf(
                element.list().ofMaxSize(4).map(Reply::array),
                element.list().ofMaxSize(4).map(Reply.Set::new),
                element.list().ofMaxSize(4).map(Reply::push),
                Combinators.combine(element, element).as(Reply::pair).list().ofMaxSize(3).map(Reply::map));
    }
}
