package chorus.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes requests as RESP arrays of bulk strings straight into a connection's output buffer. Every
 * constant part (the command name, the value, the argument count) is encoded once up front, and key
 * indexes are written as 12 zero-padded digits in place, so encoding a request allocates nothing.
 * Keys look like {@code key:000000000042}, as with {@code redis-benchmark -r}. Immutable.
 */
final class CommandEncoder {
    /** Key indexes are written with this many digits, so every key of a family has the same length. */
    static final int KEY_DIGITS = 12;
    static final long KEYS_MAX = 1_000_000_000_000L;

    // Indexed by Operation.ordinal(): the hot path does no map lookups.
    private final byte[][] heads = new byte[Operation.values().length][];
    private final byte[][] keyHeaders = new byte[Operation.values().length][];
    private final byte[][] tails = new byte[Operation.values().length][];
    /** CAS's other direction: from the second value back to the first. */
    private final byte[] casReverseTail;
    private final int requestBytesMax;

    CommandEncoder(int valueSize) {
        byte[] first = value(valueSize, 'a');
        byte[] second = value(valueSize, 'b');
        for (Operation operation : Operation.values()) {
            byte[] prefix = ascii(operation.keyPrefix());
            int keyLength = prefix.length + KEY_DIGITS;
            keyHeaders[operation.ordinal()] = concat(ascii("$" + keyLength + "\r\n"), prefix);
        }
        heads[Operation.GET.ordinal()] = command(2, "GET");
        tails[Operation.GET.ordinal()] = new byte[0];
        heads[Operation.SET.ordinal()] = command(3, "SET");
        tails[Operation.SET.ordinal()] = bulk(first);
        heads[Operation.INCR.ordinal()] = command(2, "INCR");
        tails[Operation.INCR.ordinal()] = new byte[0];
        heads[Operation.HSET.ordinal()] = command(4, "HSET");
        tails[Operation.HSET.ordinal()] = concat(bulk(ascii("field")), bulk(first));
        heads[Operation.HGETALL.ordinal()] = command(2, "HGETALL");
        tails[Operation.HGETALL.ordinal()] = new byte[0];
        heads[Operation.CAS.ordinal()] = command(5, "SET");
        tails[Operation.CAS.ordinal()] = concat(bulk(second), bulk(ascii("IFEQ")), bulk(first));
        casReverseTail = concat(bulk(first), bulk(ascii("IFEQ")), bulk(second));
        int max = 0;
        for (Operation operation : Operation.values()) {
            int size = heads[operation.ordinal()].length + keyHeaders[operation.ordinal()].length + KEY_DIGITS + 2
                    + Math.max(tails[operation.ordinal()].length, operation == Operation.CAS ? casReverseTail.length : 0);
            max = Math.max(max, size);
        }
        requestBytesMax = max;
    }

    /** The most bytes one request takes; size output buffers by this times the pipeline depth. */
    int requestBytesMax() {
        return requestBytesMax;
    }

    /** Appends one request; the buffer must have {@link #requestBytesMax()} bytes left. */
    void write(ByteBuffer out, Operation operation, long keyIndex, SplittableRandom random) {
        out.put(heads[operation.ordinal()]);
        out.put(keyHeaders[operation.ordinal()]);
        writeDigits(out, keyIndex);
        out.put((byte) '\r').put((byte) '\n');
        if (operation == Operation.CAS && random.nextBoolean()) {
            out.put(casReverseTail);
        } else {
            out.put(tails[operation.ordinal()]);
        }
    }

    /** The key a request for {@code operation} on {@code keyIndex} uses, for checks and tests. */
    static String key(Operation operation, long keyIndex) {
        return operation.keyPrefix() + String.format("%0" + KEY_DIGITS + "d", keyIndex);
    }

    /** The value SET writes: {@code valueSize} bytes of a fixed printable pattern. */
    static byte[] setValue(int valueSize) {
        return value(valueSize, 'a');
    }

    private static void writeDigits(ByteBuffer out, long keyIndex) {
        int start = out.position();
        long rest = keyIndex;
        for (int i = KEY_DIGITS - 1; i >= 0; i--) {
            out.put(start + i, (byte) ('0' + rest % 10));
            rest /= 10;
        }
        out.position(start + KEY_DIGITS);
    }

    /** A printable value starting with {@code first}, so the two CAS values differ in their first byte. */
    private static byte[] value(int size, char first) {
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = (byte) ('a' + (i * 7 + 3) % 26);
        }
        if (size > 0) {
            value[0] = (byte) first;
        }
        return value;
    }

    private static byte[] command(int arguments, String name) {
        return concat(ascii("*" + arguments + "\r\n"), bulk(ascii(name)));
    }

    private static byte[] bulk(byte[] content) {
        return concat(ascii("$" + content.length + "\r\n"), content, ascii("\r\n"));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}
