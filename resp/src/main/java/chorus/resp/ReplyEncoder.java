package chorus.resp;

import chorus.api.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders a {@link Reply} as RESP2 or RESP3 bytes. RESP2 has no map, set, null, double, boolean,
 * verbatim or push type, so those become the shapes Redis itself sends a RESP2 client: a flat
 * array, an array, {@code $-1} or {@code *-1}, a bulk string, an integer, a bulk string, an array.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReplyEncoder {
    private static final byte[] CRLF = {'\r', '\n'};

    private ReplyEncoder() {}

    /** Appends {@code reply} to {@code out} in protocol {@code protocol} (2 or 3). */
    public static void encode(Reply reply, int protocol, ByteBuf out) {
        boolean resp3 = protocol >= 3;
        if (reply instanceof Reply.SimpleString simple) {
            line(out, '+', simple.text());
        } else if (reply instanceof Reply.Error error) {
            line(out, '-', error.line());
        } else if (reply instanceof Reply.Integer integer) {
            line(out, ':', Long.toString(integer.value()));
        } else if (reply instanceof Reply.Bulk bulk) {
            bulk(out, bulk.value().arrayUnsafe());
        } else if (reply instanceof Reply.Null nullReply) {
            line(out, resp3 ? '_' : nullReply.array() ? '*' : '$', resp3 ? "" : "-1");
        } else if (reply instanceof Reply.Array array) {
            aggregate(out, '*', array.items(), protocol);
        } else if (reply instanceof Reply.Map map) {
            map(out, map.entries(), protocol);
        } else if (reply instanceof Reply.Set set) {
            aggregate(out, resp3 ? '~' : '*', set.items(), protocol);
        } else if (reply instanceof Reply.Verbatim verbatim) {
            verbatim(out, verbatim, resp3);
        } else if (reply instanceof Reply.Double number) {
            String text = formatDouble(number.value());
            if (resp3) {
                line(out, ',', text);
            } else {
                bulk(out, text.getBytes(StandardCharsets.US_ASCII));
            }
        } else if (reply instanceof Reply.Boolean bool) {
            line(out, resp3 ? '#' : ':', resp3 ? (bool.value() ? "t" : "f") : (bool.value() ? "1" : "0"));
        } else if (reply instanceof Reply.Push push) {
            aggregate(out, resp3 ? '>' : '*', push.items(), protocol);
        } else if (reply instanceof Reply.Sequence sequence) {
            for (Reply frame : sequence.replies()) {
                encode(frame, protocol, out);
            }
        } else {
            throw new IllegalArgumentException("unknown reply type " + reply.getClass().getName());
        }
    }

    /**
     * A double as Redis clients parse it: {@code inf}, {@code -inf}, {@code nan}, integral values
     * without a fraction ({@code 3}), others in Java's shortest round-trip form ({@code 1.5},
     * {@code 1.0E-7}), which {@code strtod} and {@code Double.parseDouble} both read.
     */
    public static String formatDouble(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void aggregate(ByteBuf out, char type, List<Reply> items, int protocol) {
        line(out, type, Integer.toString(items.size()));
        for (Reply item : items) {
            encodeElement(item, protocol, out);
        }
    }

    private static void encodeElement(Reply item, int protocol, ByteBuf out) {
        if (item instanceof Reply.Sequence) {
            throw new IllegalArgumentException("a Reply.Sequence cannot be an element of an aggregate reply");
        }
        encode(item, protocol, out);
    }

    private static void map(ByteBuf out, List<Reply.Pair> entries, int protocol) {
        boolean resp3 = protocol >= 3;
        line(out, resp3 ? '%' : '*', Integer.toString(resp3 ? entries.size() : entries.size() * 2));
        for (Reply.Pair entry : entries) {
            encodeElement(entry.key(), protocol, out);
            encodeElement(entry.value(), protocol, out);
        }
    }

    private static void verbatim(ByteBuf out, Reply.Verbatim verbatim, boolean resp3) {
        byte[] text = verbatim.text().getBytes(StandardCharsets.UTF_8);
        if (!resp3) {
            bulk(out, text);
            return;
        }
        line(out, '=', Integer.toString(text.length + 4));
        out.writeCharSequence(verbatim.format(), StandardCharsets.US_ASCII);
        out.writeByte(':');
        out.writeBytes(text);
        out.writeBytes(CRLF);
    }

    private static void bulk(ByteBuf out, byte[] value) {
        line(out, '$', Integer.toString(value.length));
        out.writeBytes(value);
        out.writeBytes(CRLF);
    }

    private static void line(ByteBuf out, char type, String text) {
        out.writeByte(type);
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeBytes(CRLF);
    }

    /** Convenience for tests and logs: the encoded bytes of {@code reply}. */
    static Bytes toBytes(Reply reply, int protocol) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            encode(reply, protocol, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return Bytes.wrapUnsafe(bytes);
        } finally {
            buffer.release();
        }
    }
}
