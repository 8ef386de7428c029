package chorus.core.topology;

import chorus.api.Bytes;

/**
 * Maps keys to the 16,384 slots exactly as Redis Cluster does (DESIGN.md D2), so cluster-aware
 * clients compute the same slot we do: {@code CRC16-XMODEM(key) mod 16384}, where a key holding a
 * non-empty {@code {hash tag}} is hashed by the tag alone.
 */
public final class Slots {
    public static final int COUNT = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xffff;
        }
    }

    private Slots() {
    }

    public static int slotOf(Bytes key) {
        return slotOf(key.arrayUnsafe());
    }

    public static int slotOf(byte[] key) {
        int start = 0;
        int end = key.length;
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) { // Redis ignores an empty tag "{}" and hashes the whole key.
                start = open + 1;
                end = close;
            }
        }
        return crc16(key, start, end) & (COUNT - 1);
    }

    static int crc16(byte[] data, int start, int end) {
        int crc = 0;
        for (int i = start; i < end; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    private static int indexOf(byte[] data, byte target, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == target) {
                return i;
            }
        }
        return -1;
    }
}
