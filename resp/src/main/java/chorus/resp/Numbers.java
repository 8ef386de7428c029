package chorus.resp;

import chorus.api.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Strict integer parsing as Redis's {@code string2ll}. Stateless. */
final class Numbers {
    /** Returned for text that is not a 64-bit integer. */
    static final long NOT_A_NUMBER = Long.MIN_VALUE;

    private Numbers() {}

    static long parseLong(Bytes text) {
        return parseLong(Unpooled.wrappedBuffer(text.arrayUnsafe()), 0, text.length());
    }

    /**
     * The bytes {@code [start, end)} of {@code in} as a decimal with an optional minus: no plus, no
     * blanks, no leading zeros, no overflow; NOT_A_NUMBER otherwise ({@link Long#MIN_VALUE} itself
     * included). Does not move the buffer's indexes.
     */
    static long parseLong(ByteBuf in, int start, int end) {
        int position = start;
        boolean negative = position < end && in.getByte(position) == '-';
        if (negative) {
            position++;
        }
        if (position == end || in.getByte(position) == '0' && (end - position > 1 || negative)) {
            return NOT_A_NUMBER;
        }
        long value = 0;
        for (; position < end; position++) {
            int digit = in.getByte(position) - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                return NOT_A_NUMBER;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
