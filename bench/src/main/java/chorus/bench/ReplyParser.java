package chorus.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A tiny incremental RESP2/RESP3 reply reader: it only finds where each whole reply ends and what
 * kind it is (success, nil, or an error and its first word), without building values. Nested
 * aggregates are walked with a single count of elements still to come, so there is no stack and no
 * allocation except for an error's kind. A reply split across reads is simply parsed again from its
 * start once more bytes have arrived. Not thread-safe: one per connection.
 */
final class ReplyParser {
    /** What the last complete reply was. */
    enum Outcome { VALUE, NIL, ERROR }

    /** Thrown for bytes that are not RESP: the connection cannot be trusted any further. */
    static final class ProtocolException extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    private static final int ERROR_KIND_LENGTH_MAX = 40;
    private static final int BROKEN_LINE = -2;

    private Outcome outcome;
    private String errorKind;

    /**
     * Reads one whole reply starting at {@code in.position()}. Returns true and moves the position past
     * it; returns false, with the position unchanged, if the reply is not complete yet.
     */
    boolean parse(ByteBuffer in) throws ProtocolException {
        int position = in.position();
        int limit = in.limit();
        long pending = 1;
        boolean top = true;
        while (pending > 0) {
            if (position >= limit) {
                return false;
            }
            byte type = in.get(position);
            int lineEnd = lineEnd(in, position + 1, limit);
            if (lineEnd == BROKEN_LINE) {
                throw new ProtocolException("a reply line has a CR without LF");
            }
            if (lineEnd < 0) {
                return false;
            }
            pending--;
            int next = lineEnd + 2;
            switch (type) {
                case '+', ':', ',', '#', '(' -> setOutcome(top, Outcome.VALUE);
                case '_' -> setOutcome(top, Outcome.NIL);
                case '-' -> {
                    if (top) {
                        outcome = Outcome.ERROR;
                        errorKind = firstWord(in, position + 1, lineEnd);
                    }
                }
                case '$', '=', '!' -> {
                    long length = number(in, position + 1, lineEnd);
                    if (length < 0) {
                        setOutcome(top, Outcome.NIL);
                    } else {
                        if (next + length + 2 > limit) {
                            return false;
                        }
                        if (top && type == '!') {
                            outcome = Outcome.ERROR;
                            errorKind = firstWord(in, next, (int) (next + length));
                        } else {
                            setOutcome(top, Outcome.VALUE);
                        }
                        next += (int) length + 2;
                    }
                }
                case '*', '~', '>', '%', '|' -> {
                    long count = number(in, position + 1, lineEnd);
                    if (count < 0) {
                        setOutcome(top, Outcome.NIL);
                    } else {
                        setOutcome(top, Outcome.VALUE);
                        // Maps and attributes hold pairs; an attribute is followed by the reply it annotates.
                        pending += type == '%' ? 2 * count : type == '|' ? 2 * count + 1 : count;
                    }
                }
                default -> throw new ProtocolException("unexpected reply type byte " + (type & 0xff)
                        + " ('" + (char) (type & 0xff) + "')");
            }
            top = false;
            position = next;
        }
        in.position(position);
        return true;
    }

    Outcome outcome() {
        return outcome;
    }

    /** The first word of the last error reply, such as {@code ERR}, {@code UNAVAILABLE} or {@code WRONGTYPE}. */
    String errorKind() {
        return errorKind;
    }

    private void setOutcome(boolean top, Outcome value) {
        if (top) {
            outcome = value;
        }
    }

    /**
     * The index of the {@code \r} of the next CRLF at or after {@code from}; -1 if it has not arrived
     * yet, {@link #BROKEN_LINE} for a CR followed by something else.
     */
    private static int lineEnd(ByteBuffer in, int from, int limit) {
        for (int i = from; i + 1 < limit; i++) {
            if (in.get(i) == '\r') {
                return in.get(i + 1) == '\n' ? i : BROKEN_LINE;
            }
        }
        return -1;
    }

    private static long number(ByteBuffer in, int from, int to) throws ProtocolException {
        if (from >= to) {
            throw new ProtocolException("empty length in reply");
        }
        boolean negative = in.get(from) == '-';
        long value = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            byte digit = in.get(i);
            if (digit < '0' || digit > '9' || value > Integer.MAX_VALUE) {
                throw new ProtocolException("bad length in reply");
            }
            value = value * 10 + (digit - '0');
        }
        return negative ? -value : value;
    }

    private static String firstWord(ByteBuffer in, int from, int to) {
        int end = from;
        while (end < to && end - from < ERROR_KIND_LENGTH_MAX && in.get(end) != ' ') {
            end++;
        }
        byte[] word = new byte[end - from];
        for (int i = 0; i < word.length; i++) {
            word[i] = in.get(from + i);
        }
        return word.length == 0 ? "(empty error)" : new String(word, StandardCharsets.UTF_8);
    }
}
