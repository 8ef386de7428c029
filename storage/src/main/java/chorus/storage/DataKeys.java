package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.RowKey;
import chorus.core.topology.Slots;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The layout of keys in the {@code data} column family (DESIGN.md D2, D10): the keyspace name's
 * UTF-8 length as 2 bytes big-endian, the name, the slot as 2 bytes big-endian, then the key's
 * bytes. The length prefix keeps keyspace {@code "a"} from sharing a range with {@code "ab"}, and
 * because RocksDB's default comparator is unsigned bytewise, one slot of one keyspace is one
 * contiguous range, in unsigned key order: a scan is a prefix iteration and a slot streams as a whole.
 *
 * <p>Pure functions, safe from any thread.
 */
final class DataKeys {
    /** Keyspace names longer than this many UTF-8 bytes do not fit the 2-byte length prefix. */
    static final int KEYSPACE_BYTES_MAX = 0xffff;

    private DataKeys() {
    }

    /** The storage key of a row. */
    static byte[] encode(RowKey key) {
        return encode(key.keyspace(), key.slot(), key.key());
    }

    /** The storage key of {@code key} in a slot: also where a scan starting at {@code key} seeks to. */
    static byte[] encode(String keyspace, int slot, Bytes key) {
        byte[] prefix = slotPrefix(keyspace, slot);
        byte[] bytes = Arrays.copyOf(prefix, prefix.length + key.length());
        System.arraycopy(key.arrayUnsafe(), 0, bytes, prefix.length, key.length());
        return bytes;
    }

    /** The first storage key of a slot of a keyspace: every key of that slot starts with it. */
    static byte[] slotPrefix(String keyspace, int slot) {
        if (slot < 0 || slot >= Slots.COUNT) {
            throw new IllegalArgumentException("slot " + slot + " is out of range (expected: 0.." + (Slots.COUNT - 1) + ")");
        }
        return prefix(keyspace, slot);
    }

    /**
     * The exclusive upper bound of a slot's range: the prefix of the next slot. Slots stay below
     * 16,384, so the incremented slot always fits its 2 bytes and never carries into the name.
     */
    static byte[] slotEnd(String keyspace, int slot) {
        slotPrefix(keyspace, slot); // Validates.
        return prefix(keyspace, slot + 1);
    }

    /** The row key part of a storage key that starts with a prefix of {@code prefixLength} bytes. */
    static Bytes rowKeyOf(byte[] storageKey, int prefixLength) {
        return Bytes.copyOf(storageKey, prefixLength, storageKey.length - prefixLength);
    }

    /** The slot of a storage key whose keyspace-and-slot prefix is {@code prefixLength} bytes. */
    static int slotOf(byte[] storageKey, int prefixLength) {
        return ((storageKey[prefixLength - 2] & 0xff) << 8) | (storageKey[prefixLength - 1] & 0xff);
    }

    private static byte[] prefix(String keyspace, int slot) {
        byte[] name = keyspace.getBytes(StandardCharsets.UTF_8);
        if (name.length > KEYSPACE_BYTES_MAX) {
            throw new IllegalArgumentException("keyspace name is " + name.length + " bytes (expected: <= "
                    + KEYSPACE_BYTES_MAX + ")");
        }
        byte[] prefix = new byte[2 + name.length + 2];
        putShort(prefix, 0, name.length);
        System.arraycopy(name, 0, prefix, 2, name.length);
        putShort(prefix, 2 + name.length, slot);
        return prefix;
    }

    private static void putShort(byte[] into, int offset, int value) {
        into[offset] = (byte) (value >>> 8);
        into[offset + 1] = (byte) value;
    }
}
