package chorus.core.codec;

import chorus.api.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link WireWriter} wrote. Truncated or corrupt input throws {@link WireFormatException}
 * with the offset, never an index error or a huge allocation.
 */
public final class WireReader {
    private final byte[] data;
    private final int end;
    private int position;

    public WireReader(byte[] data) {
        this(data, 0, data.length);
    }

    public WireReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    public int readByte() {
        need(1);
        return data[position++] & 0xff;
    }

    public boolean readBoolean() {
        int value = readByte();
        if (value > 1) {
            throw new WireFormatException("boolean byte " + value + " at offset " + (position - 1));
        }
        return value == 1;
    }

    public long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    throw new WireFormatException("varint overflows at offset " + position);
                }
                return value;
            }
        }
        throw new WireFormatException("varint too long at offset " + position);
    }

    public int readVarInt() {
        long value = readVarLong();
        if (value > Integer.MAX_VALUE) {
            throw new WireFormatException("value " + value + " exceeds int at offset " + position);
        }
        return (int) value;
    }

    public long readLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        return value;
    }

    public Bytes readBytes() {
        int length = readVarInt();
        need(length);
        Bytes bytes = Bytes.copyOf(data, position, length);
        position += length;
        return bytes;
    }

    public String readString() {
        int length = readVarInt();
        need(length);
        String text = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    public void expectEnd() {
        if (position != end) {
            throw new WireFormatException((end - position) + " unexpected trailing bytes");
        }
    }

    private void need(int count) {
        if (count < 0 || end - position < count) {
            throw new WireFormatException("truncated: need " + count + " bytes at offset " + position
                    + ", have " + (end - position));
        }
    }
}
