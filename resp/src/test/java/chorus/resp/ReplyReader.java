package chorus.resp;

import chorus.api.Bytes;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only RESP2/RESP3 reply reader, written independently of {@link ReplyEncoder} so the two
 * check each other. RESP2 shapes read back as their RESP2 types (a map arrives as an array).
 */
final class ReplyReader {
    private ReplyReader() {}

    /** Reads one frame; fails on truncated or malformed input. */
    static Reply read(ByteBuf in) {
        char type = (char) in.readByte();
        String line = readLine(in);
        return switch (type) {
            case '+' -> Reply.simple(line);
            case '-' -> line.indexOf(' ') < 0
                    ? Reply.error(line, "")
                    : Reply.error(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
            case ':' -> Reply.integer(Long.parseLong(line));
            case '$' -> line.equals("-1") ? Reply.nullBulk() : Reply.bulk(Bytes.wrapUnsafe(readPayload(in, Integer.parseInt(line))));
            case '*' -> line.equals("-1") ? Reply.nullArray() : Reply.array(readItems(in, Integer.parseInt(line)));
            case '~' -> new Reply.Set(readItems(in, Integer.parseInt(line)));
            case '>' -> Reply.push(readItems(in, Integer.parseInt(line)));
            case '%' -> Reply.map(readPairs(in, Integer.parseInt(line)));
            case '_' -> Reply.nullBulk();
            case '#' -> Reply.ofBoolean(line.equals("t"));
            case ',' -> Reply.ofDouble(parseDouble(line));
            case '=' -> verbatim(new String(readPayload(in, Integer.parseInt(line)), StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("unknown type byte " + type);
        };
    }

    private static Reply verbatim(String payload) {
        return new Reply.Verbatim(payload.substring(0, 3), payload.substring(4));
    }

    private static double parseDouble(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static List<Reply> readItems(ByteBuf in, int count) {
        List<Reply> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(read(in));
        }
        return items;
    }

    private static List<Reply.Pair> readPairs(ByteBuf in, int count) {
        List<Reply.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pairs.add(Reply.pair(read(in), read(in)));
        }
        return pairs;
    }

    private static byte[] readPayload(ByteBuf in, int length) {
        byte[] payload = new byte[length];
        in.readBytes(payload);
        if (in.readByte() != '\r' || in.readByte() != '\n') {
            throw new IllegalArgumentException("payload not followed by CRLF");
        }
        return payload;
    }

    private static String readLine(ByteBuf in) {
        int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (newline < 1 || in.getByte(newline - 1) != '\r') {
            throw new IllegalArgumentException("line not terminated by CRLF");
        }
        String line = in.toString(in.readerIndex(), newline - 1 - in.readerIndex(), StandardCharsets.UTF_8);
        in.readerIndex(newline + 1);
        return line;
    }
}
