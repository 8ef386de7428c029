package chorus.resp;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental parser for client requests: RESP multibulk arrays of bulk strings
 * ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline commands ({@code PING\r\n}, as telnet and
 * redis-benchmark's PING_INLINE send).
 *
 * <p>{@link #parse} consumes whole pieces only and keeps the progress of a request that has not
 * fully arrived, so input split at any byte boundary parses the same. Sizes are checked against
 * {@link RespLimits} from the headers, before any payload is buffered: a {@code $600000000} header
 * is rejected at once. Malformed input throws {@link ProtocolException} with Redis's wording; the
 * parser is unusable afterwards (the connection closes).
 *
 * <p>Not thread-safe: one parser per connection, used on its event loop.
 */
final class RespParser {
    /** Redis's limits for clients that have not authenticated yet (networking.c). */
    private static final int UNAUTHENTICATED_MAX_ARRAY_ELEMENTS = 10;
    private static final int UNAUTHENTICATED_MAX_BULK_LENGTH = 16 * 1024;
    /** {@link #readHeaderNumber} results that are not numbers. */
    private static final long INCOMPLETE = Long.MIN_VALUE + 1;
    private static final long NOT_A_NUMBER = Numbers.NOT_A_NUMBER;

    private final RespLimits limits;
    /** Arguments still expected in the current multibulk request; -1 between requests. */
    private int remaining = -1;
    private List<Bytes> words;
    /** Length of the bulk string being read; -1 while its {@code $n} header has not been read. */
    private long bulkLength = -1;
    private long requestBytes;

    RespParser(RespLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /**
     * The next complete command in {@code in}, or null when more input is needed. Consumes the
     * bytes it has parsed. Empty inline lines and empty arrays ({@code *0}, {@code *-1}) are skipped
     * as Redis skips them.
     *
     * @param authenticated false while a password is required and not yet given: headers are then
     *     held to Redis's small unauthenticated limits (10 arguments, 16 KiB bulk strings)
     */
    Command parse(ByteBuf in, boolean authenticated) {
        while (true) {
            if (remaining < 0) {
                if (!in.isReadable()) {
                    return null;
                }
                if (in.getByte(in.readerIndex()) != '*') {
                    List<Bytes> inline = parseInline(in);
                    if (inline == null) {
                        return null;
                    }
                    if (!inline.isEmpty()) {
                        return Command.of(inline);
                    }
                    continue;
                }
                if (!parseArrayHeader(in, authenticated)) {
                    return null;
                }
                continue;
            }
            if (bulkLength < 0 && !parseBulkHeader(in, authenticated)) {
                return null;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            words.add(readBulk(in));
            if (--remaining == 0) {
                List<Bytes> complete = words;
                reset();
                return Command.of(complete);
            }
        }
    }

    private List<Bytes> parseInline(ByteBuf in) {
        int newline = findNewline(in);
        if (newline < 0) {
            if (in.readableBytes() > limits.maxInlineLength()) {
                throw new ProtocolException("too big inline request");
            }
            return null;
        }
        int end = newline > in.readerIndex() && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
        if (end - in.readerIndex() > limits.maxInlineLength()) {
            throw new ProtocolException("too big inline request");
        }
        byte[] line = new byte[end - in.readerIndex()];
        in.readBytes(line);
        in.readerIndex(newline + 1);
        return InlineSplitter.split(line);
    }

    /** Reads {@code *n\r\n}; false when it has not fully arrived. */
    private boolean parseArrayHeader(ByteBuf in, boolean authenticated) {
        long count = readHeaderNumber(in, "too big mbulk count string");
        if (count == INCOMPLETE) {
            return false;
        }
        if (count == NOT_A_NUMBER || count > limits.maxArrayElements()) {
            throw new ProtocolException("invalid multibulk length");
        }
        if (count > UNAUTHENTICATED_MAX_ARRAY_ELEMENTS && !authenticated) {
            throw new ProtocolException("unauthenticated multibulk length");
        }
        if (count > 0) {
            remaining = (int) count;
            words = new ArrayList<>((int) Math.min(count, 1024));
            requestBytes = 0;
        }
        return true;
    }

    /** Reads {@code $n\r\n}; false when it has not fully arrived. */
    private boolean parseBulkHeader(ByteBuf in, boolean authenticated) {
        if (!in.isReadable()) {
            return false;
        }
        byte type = in.getByte(in.readerIndex());
        if (type != '$') {
            throw new ProtocolException("expected '$', got '" + (char) (type & 0xff) + "'");
        }
        long length = readHeaderNumber(in, "too big bulk count string");
        if (length == INCOMPLETE) {
            return false;
        }
        if (length == NOT_A_NUMBER || length < 0 || length > limits.maxBulkLength()) {
            throw new ProtocolException("invalid bulk length");
        }
        if (length > UNAUTHENTICATED_MAX_BULK_LENGTH && !authenticated) {
            throw new ProtocolException("unauthenticated bulk length");
        }
        requestBytes += length;
        if (requestBytes > limits.maxRequestBytes()) {
            throw new ProtocolException("request is larger than " + limits.maxRequestBytes() + " bytes");
        }
        bulkLength = length;
        return true;
    }

    private Bytes readBulk(ByteBuf in) {
        byte[] value = new byte[(int) bulkLength];
        in.readBytes(value);
        if (in.readByte() != '\r' || in.readByte() != '\n') {
            throw new ProtocolException("expected '\\r\\n' after bulk string of " + bulkLength + " bytes");
        }
        bulkLength = -1;
        return Bytes.wrapUnsafe(value);
    }

    /**
     * Reads a header line (type byte, decimal number, CRLF) and returns the number, INCOMPLETE when the
     * line has not fully arrived, or NOT_A_NUMBER when it is not a number. Consumes the line only when complete.
     */
    private long readHeaderNumber(ByteBuf in, String tooLongMessage) {
        int newline = findNewline(in);
        if (newline < 0) {
            if (in.readableBytes() > limits.maxInlineLength()) {
                throw new ProtocolException(tooLongMessage);
            }
            return INCOMPLETE;
        }
        int start = in.readerIndex() + 1;
        int end = newline - 1;
        if (end < start || in.getByte(end) != '\r') {
            in.readerIndex(newline + 1);
            return NOT_A_NUMBER;
        }
        long value = Numbers.parseLong(in, start, end);
        in.readerIndex(newline + 1);
        return value;
    }

    private int findNewline(ByteBuf in) {
        int searchLength = Math.min(in.readableBytes(), limits.maxInlineLength() + 2);
        return in.indexOf(in.readerIndex(), in.readerIndex() + searchLength, (byte) '\n');
    }

    private void reset() {
        remaining = -1;
        words = null;
        bulkLength = -1;
        requestBytes = 0;
    }
}
