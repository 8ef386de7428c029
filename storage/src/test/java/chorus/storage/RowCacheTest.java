package chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.core.model.Row;
import chorus.core.model.Timestamp;
import org.junit.jupiter.api.Test;

class RowCacheTest {
    private static Row row(String value, long millis) {
        return Row.replaceWithString(Bytes.utf8(value), 0, new Timestamp(millis, 1));
    }

    @Test
    void returnsWhatWasPutLast() {
        RowCache cache = new RowCache(1 << 20);
        cache.put(Bytes.utf8("k"), row("a", 1), 10);
        cache.put(Bytes.utf8("k"), row("b", 2), 10);

        assertThat(cache.get(Bytes.utf8("k"))).isEqualTo(row("b", 2));
        assertThat(cache.get(Bytes.utf8("other"))).isNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void remembersDeletionsAsEmptyRows() {
        RowCache cache = new RowCache(1 << 20);
        cache.put(Bytes.utf8("k"), Row.EMPTY, 0);

        assertThat(cache.get(Bytes.utf8("k"))).isSameAs(Row.EMPTY);
    }

    @Test
    void staysWithinItsBudgetAndKeepsTheNewestEntry() {
        RowCache cache = new RowCache(10_000);
        for (int i = 0; i < 1_000; i++) {
            Bytes key = Bytes.utf8("key-" + i);
            cache.put(key, row("v" + i, i), 100);
            assertThat(cache.weightBytes()).isLessThanOrEqualTo(10_000);
            assertThat(cache.get(key)).isEqualTo(row("v" + i, i));
        }
        // Each entry weighs about 306 bytes (key + encoded row + overhead): 32 fit in 10,000.
        assertThat(cache.size()).isBetween(20, 32);
    }

    @Test
    void anEntryLargerThanTheBudgetIsNotKept() {
        RowCache cache = new RowCache(1_000);
        cache.put(Bytes.utf8("big"), row("x", 1), 5_000);

        assertThat(cache.get(Bytes.utf8("big"))).isNull();
        assertThat(cache.weightBytes()).isZero();
    }

    @Test
    void aZeroBudgetTurnsItOff() {
        RowCache cache = new RowCache(0);
        cache.put(Bytes.utf8("k"), row("a", 1), 10);

        assertThat(cache.get(Bytes.utf8("k"))).isNull();
    }
}
