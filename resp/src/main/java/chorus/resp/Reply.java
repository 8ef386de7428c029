package chorus.resp;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * One reply to a Redis client, independent of the protocol version. {@link ReplyEncoder} renders
 * it as RESP3, or maps it onto the RESP2 types when the connection speaks RESP2 (a map becomes a
 * flat array, a boolean an integer, a double a bulk string, and so on).
 *
 * <p>Replies are immutable values and may be built and passed between any threads.
 *
 * <p>The nested records shadow {@code java.lang.Integer}, {@code Double}, {@code Boolean} and
 * {@code Error} inside this file: refer to them qualified ({@code Reply.Integer}) elsewhere.
 */
public sealed interface Reply {

    /** {@code +OK}: a short status text; CR and LF are replaced with spaces. */
    record SimpleString(String text) implements Reply {
        public SimpleString {
            text = withoutNewlines(requireNonNull(text, "text is null"));
        }
    }

    /**
     * {@code -CODE message}: {@code code} is the leading upper-case word clients match on
     * ({@code ERR}, {@code WRONGTYPE}, {@code MOVED}, {@code UNAVAILABLE}). CR and LF in either part
     * are replaced with spaces, so an error is always one line and never a stack trace.
     */
    record Error(String code, String message) implements Reply {
        public Error {
            code = withoutNewlines(requireNonNull(code, "code is null")).replace(' ', '_');
            message = withoutNewlines(requireNonNull(message, "message is null"));
        }

        /** The text after the {@code -}: the code, a space and the message. */
        public String line() {
            return message.isEmpty() ? code : code + " " + message;
        }
    }

    /** {@code :42}. */
    record Integer(long value) implements Reply {}

    /** {@code $3 foo}: binary-safe. */
    record Bulk(Bytes value) implements Reply {
        public Bulk {
            requireNonNull(value, "value is null");
        }
    }

    /**
     * The absence of a value: RESP3 {@code _}. RESP2 has two nulls, {@code $-1} (a missing bulk
     * string, as GET of a missing key) and {@code *-1} (a missing array, as EXEC after a failed
     * WATCH); {@code array} chooses which.
     */
    record Null(boolean array) implements Reply {}

    /** {@code *n}: an ordered list of replies. */
    record Array(List<Reply> items) implements Reply {
        public Array {
            items = List.copyOf(items);
        }
    }

    /** RESP3 {@code %n}, RESP2 a flat array {@code key, value, ...}. Order is kept as given. */
    record Map(List<Pair> entries) implements Reply {
        public Map {
            entries = List.copyOf(entries);
        }
    }

    /** RESP3 {@code ~n} (as SMEMBERS answers), RESP2 an array. */
    record Set(List<Reply> items) implements Reply {
        public Set {
            items = List.copyOf(items);
        }
    }

    /** RESP3 {@code =n fmt:text} (as INFO answers), RESP2 a bulk string of the text alone. */
    record Verbatim(String format, String text) implements Reply {
        public Verbatim {
            requireNonNull(format, "format is null");
            requireNonNull(text, "text is null");
            if (format.length() != 3) {
                throw new IllegalArgumentException("verbatim format must be 3 characters: " + format);
            }
        }
    }

    /** RESP3 {@code ,1.5} (also {@code inf}, {@code -inf}, {@code nan}), RESP2 a bulk string. */
    record Double(double value) implements Reply {}

    /** RESP3 {@code #t} / {@code #f}, RESP2 the integer 1 or 0. */
    record Boolean(boolean value) implements Reply {}

    /**
     * RESP3 {@code >n}, an out-of-band message such as a pub/sub delivery; RESP2 an array. Clients
     * do not count a push as the reply to a request.
     */
    record Push(List<Reply> items) implements Reply {
        public Push {
            items = List.copyOf(items);
        }
    }

    /**
     * Several frames answering one request, written back to back: {@code SUBSCRIBE a b} confirms
     * each channel in its own frame. Valid only as the whole reply to a request, never inside an
     * aggregate. An empty sequence writes nothing.
     */
    record Sequence(List<Reply> replies) implements Reply {
        public Sequence {
            replies = List.copyOf(replies);
        }
    }

    /** One key/value entry of a {@link Map}. */
    record Pair(Reply key, Reply value) {
        public Pair {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
        }
    }

    SimpleString OK = new SimpleString("OK");
    Null NULL_BULK = new Null(false);
    Null NULL_ARRAY = new Null(true);
    Array EMPTY_ARRAY = new Array(List.of());

    static SimpleString ok() {
        return OK;
    }

    static SimpleString simple(String text) {
        return new SimpleString(text);
    }

    static Error error(ErrorCode code, String message) {
        return new Error(code.respPrefix(), message);
    }

    /** An error with a code word that has no {@link ErrorCode}, such as NOAUTH or MOVED. */
    static Error error(String code, String message) {
        return new Error(code, message);
    }

    /** {@code -ERR message}. */
    static Error err(String message) {
        return new Error("ERR", message);
    }

    static Integer integer(long value) {
        return new Integer(value);
    }

    static Bulk bulk(Bytes value) {
        return new Bulk(value);
    }

    static Bulk bulk(String utf8) {
        return new Bulk(Bytes.utf8(utf8));
    }

    static Null nullBulk() {
        return NULL_BULK;
    }

    static Null nullArray() {
        return NULL_ARRAY;
    }

    static Array array(Reply... items) {
        return new Array(List.of(items));
    }

    static Array array(List<? extends Reply> items) {
        return new Array(List.copyOf(items));
    }

    /** An array of bulk strings, as MGET or KEYS answer. */
    static Array bulkArray(List<Bytes> values) {
        List<Reply> items = new ArrayList<>(values.size());
        for (Bytes value : values) {
            items.add(new Bulk(value));
        }
        return new Array(items);
    }

    static Sequence sequence(List<? extends Reply> replies) {
        return new Sequence(List.copyOf(replies));
    }

    static Pair pair(Reply key, Reply value) {
        return new Pair(key, value);
    }

    /** A map entry with a bulk-string key, the common case. */
    static Pair pair(String key, Reply value) {
        return new Pair(bulk(key), value);
    }

    static Map map(List<Pair> entries) {
        return new Map(entries);
    }

    static Verbatim verbatim(String text) {
        return new Verbatim("txt", text);
    }

    static Double ofDouble(double value) {
        return new Double(value);
    }

    static Boolean ofBoolean(boolean value) {
        return new Boolean(value);
    }

    static Push push(List<? extends Reply> items) {
        return new Push(List.copyOf(items));
    }

    private static String withoutNewlines(String text) {
        return text.indexOf('\r') < 0 && text.indexOf('\n') < 0
                ? text
                : text.replace('\r', ' ').replace('\n', ' ');
    }
}
