package chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.api.Bytes;
import chorus.core.model.RowKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataKeysTest {
    @Test
    void layoutIsLengthPrefixedKeyspaceThenSlotThenKey() {
        RowKey key = new RowKey("ks", Bytes.utf8("{a}x"));
        int slot = key.slot();

        assertThat(DataKeys.encode(key)).containsExactly(0, 2, 'k', 's', slot >>> 8, slot & 0xff, '{', 'a', '}', 'x');
    }

    @Test
    void aKeyspaceNeverSharesARangeWithOneItPrefixes() {
        byte[] shortName = DataKeys.encode(new RowKey("a", Bytes.utf8("b")));
        byte[] longName = DataKeys.encode(new RowKey("ab", Bytes.EMPTY));
        int slot = new RowKey("a", Bytes.utf8("b")).slot();

        assertThat(inRange(longName, DataKeys.slotPrefix("a", slot), DataKeys.slotEnd("a", slot))).isFalse();
        assertThat(inRange(shortName, DataKeys.slotPrefix("a", slot), DataKeys.slotEnd("a", slot))).isTrue();
    }

    @Test
    void everyKeyOfASlotLiesBeforeTheSlotEnd() {
        byte[] highest = DataKeys.encode("ks", 16383, Bytes.wrapUnsafe(new byte[] {(byte) 0xff, (byte) 0xff}));

        assertThat(inRange(highest, DataKeys.slotPrefix("ks", 16383), DataKeys.slotEnd("ks", 16383))).isTrue();
        assertThat(Arrays.compareUnsigned(DataKeys.slotEnd("ks", 16383), DataKeys.slotPrefix("kt", 0))).isNegative();
    }

    @Test
    void slotsOutOfRangeAreRejected() {
        assertThatThrownBy(() -> DataKeys.slotPrefix("ks", 16384))
                .hasMessage("slot 16384 is out of range (expected: 0..16383)");
        assertThatThrownBy(() -> DataKeys.slotPrefix("ks", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean inRange(byte[] key, byte[] from, byte[] end) {
        return Arrays.compareUnsigned(key, from) >= 0 && Arrays.compareUnsigned(key, end) < 0;
    }
}
