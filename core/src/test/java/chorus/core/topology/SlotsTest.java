package chorus.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Slots must agree with Redis Cluster, or cluster-aware clients route keys to the wrong node. */
class SlotsTest {
    @Test
    void crc16IsXmodem() {
        // The published check value of CRC-16/XMODEM, also quoted by the Redis Cluster spec.
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Slots.crc16(data, 0, data.length)).isEqualTo(0x31C3);
    }

    // Expected values were confirmed with CLUSTER KEYSLOT against redis-server 7 in cluster mode.

    @Test
    void plainKeysHashLikeRedisCluster() {
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("bar")).isEqualTo(5061);
        assertThat(slot("b")).isEqualTo(3300);
        assertThat(slot("hello")).isEqualTo(866);
    }

    @Test
    void keysWithTheSameHashTagShareASlot() {
        assertThat(slot("{user1000}.following")).isEqualTo(slot("{user1000}.followers"))
                .isEqualTo(slot("user1000")).isEqualTo(3443);
    }

    @Test
    void emptyTagHashesTheWholeKey() {
        assertThat(slot("{}")).isEqualTo(whole("{}")).isEqualTo(15257);
        assertThat(slot("foo{}{bar}")).isEqualTo(whole("foo{}{bar}")).isEqualTo(8363);
    }

    @Test
    void tagEndsAtTheFirstClosingBraceAfterTheFirstOpeningBrace() {
        assertThat(slot("foo{{bar}}zap")).isEqualTo(slot("{bar")).isEqualTo(4015);
        assertThat(slot("foo{bar}{zap}")).isEqualTo(slot("bar")).isEqualTo(5061);
    }

    @Test
    void unclosedTagHashesTheWholeKey() {
        assertThat(slot("foo{bar")).isEqualTo(whole("foo{bar")).isEqualTo(15278);
        assertThat(slot("foo}bar{")).isEqualTo(whole("foo}bar{")).isEqualTo(11073);
    }

    @Test
    void bytesAndArraysAgreeAndEveryKeyLandsInRange() {
        assertThat(Slots.slotOf(Bytes.utf8("foo"))).isEqualTo(12182);
        assertThat(Slots.slotOf(new byte[0])).isZero();
        assertThat(Slots.slotOf(new byte[] {(byte) 0xff, (byte) 0x80, 0x7f})).isBetween(0, Slots.COUNT - 1);
    }

    private static int slot(String key) {
        return Slots.slotOf(key.getBytes(StandardCharsets.UTF_8));
    }

    /** CRC16 of the whole key, bypassing tag parsing. */
    private static int whole(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return Slots.crc16(bytes, 0, bytes.length) % Slots.COUNT;
    }
}
