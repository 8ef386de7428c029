package chorus.resp;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the content and however the bytes are chunked, requests parse back to what was sent. */
class RespParserProperties {

    /** A request and how a client would write it. */
    record Sent(List<Bytes> words, byte[] wire) {}

    @Property(tries = 300)
    void requestsSurviveAnyChunking(
            @ForAll("requests") List<Sent> requests,
            @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 40) Integer> chunkSizes) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<Command> expected = new ArrayList<>();
        for (Sent sent : requests) {
            wire.writeBytes(sent.wire());
            expected.add(Command.of(sent.words()));
        }
        byte[] bytes = wire.toByteArray();

        assertThat(parseInChunks(bytes, chunkSizes)).isEqualTo(expected);
    }

    private static List<Command> parseInChunks(byte[] bytes, List<Integer> chunkSizes) {
        RespParser parser = new RespParser(RespLimits.defaults());
        List<Command> commands = new ArrayList<>();
        ByteBuf buffer = Unpooled.buffer();
        try {
            int offset = 0;
            int chunk = 0;
            while (offset < bytes.length) {
                int size = chunk < chunkSizes.size() ? chunkSizes.get(chunk++) : bytes.length - offset;
                size = Math.min(size, bytes.length - offset);
                buffer.writeBytes(bytes, offset, size);
                offset += size;
                Command command;
                while ((command = parser.parse(buffer, true)) != null) {
                    commands.add(command);
                }
                buffer.discardSomeReadBytes();
            }
            assertThat(buffer.isReadable()).isFalse();
        } finally {
            buffer.release();
        }
        return commands;
    }

    @Provide
    Arbitrary<List<Sent>> requests() {
        return Arbitraries.oneOf(multibulk(), inline()).list().ofMinSize(1).ofMaxSize(8);
    }

    private static Arbitrary<Sent> multibulk() {
        Arbitrary<Bytes> word = Arbitraries.bytes().array(byte[].class).ofMaxSize(30).map(Bytes::wrapUnsafe);
        Arbitrary<Bytes> name = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(Bytes::utf8);
        return Combinators.combine(name, word.list().ofMaxSize(5)).as((first, rest) -> {
            List<Bytes> words = new ArrayList<>();
            words.add(first);
            words.addAll(rest);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("*" + words.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Bytes each : words) {
                out.writeBytes(("$" + each.length() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(each.toArray());
                out.writeBytes(new byte[] {'\r', '\n'});
            }
            return new Sent(words, out.toByteArray());
        });
    }

    private static Arbitrary<Sent> inline() {
        Arbitrary<String> word = Arbitraries.strings().alpha().numeric().withChars(":_-{}").ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> separator = Arbitraries.of(" ", "  ", "\t");
        Arbitrary<String> newline = Arbitraries.of("\r\n", "\n");
        return Combinators.combine(word.list().ofMinSize(1).ofMaxSize(5), separator, newline).as((words, gap, end) -> {
            List<Bytes> bytes = words.stream().map(Bytes::utf8).toList();
            return new Sent(bytes, (String.join(gap, words) + end).getBytes(StandardCharsets.US_ASCII));
        });
    }
}
