package chorus.core.codec;

import chorus.api.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends primitives to a growable byte array. Integers are unsigned LEB128 varints or fixed 8 bytes. */
public final class WireWriter {
    private byte[] buffer;
    private int size;

    public WireWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public WireWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public WireWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    /** A non-negative long as a varint (1 byte below 128). */
    public WireWriter writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint must be non-negative: " + value);
        }
        ensure(10);
        while ((value & ~0x7fL) != 0) {
            buffer[size++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    public WireWriter writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public WireWriter writeBytes(Bytes bytes) {
        return writeBytes(bytes.arrayUnsafe());
    }

    public WireWriter writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    public WireWriter writeString(String text) {
        return writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
