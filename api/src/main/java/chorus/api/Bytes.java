package chorus.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable byte string with content equality and unsigned lexicographic order.
 *
 * <p>Records never hold a {@code byte[]} (its equals is identity and its content can change under
 * us); they hold a {@code Bytes}. The array is copied on the way in and on the way out, except
 * through {@link #wrapUnsafe} and {@link #arrayUnsafe}, which callers use only for arrays they
 * will never modify again.
 */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;
    private int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes copyOf(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    public static Bytes copyOf(byte[] bytes, int offset, int length) {
        return new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** Wraps without copying: the caller promises never to modify {@code bytes} again. */
    public static Bytes wrapUnsafe(byte[] bytes) {
        return new Bytes(bytes);
    }

    public static Bytes utf8(String text) {
        return new Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    /** The backing array, not a copy: the caller promises not to modify it. */
    public byte[] arrayUnsafe() {
        return bytes;
    }

    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** Printable form for logs and error messages: UTF-8 text with non-printable bytes escaped. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.append('"').toString();
    }
}
