package chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.model.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecentRowsTest {

    @Test
    void answersOnlyForKeysItHoldsAndTheirLatestRecord() {
        RecentRows table = new RecentRows(64);
        assertThat(table.newest(key("a"))).isNull();
        assertThat(table.storedRow(key("a"))).isNull();
        table.record(key("a"), new Timestamp(5, 1), row(1, 10));
        table.record(key("b"), Timestamp.MIN, null);
        table.record(key("a"), new Timestamp(9, 2), row(2, 20));
        assertThat(table.newest(key("a"))).isEqualTo(new Timestamp(9, 2));
        assertThat(table.storedRow(key("a"))).isEqualTo(row(2, 20));
        assertThat(table.newest(key("b"))).isEqualTo(Timestamp.MIN);
        assertThat(table.storedRow(key("b"))).isSameAs(RecentRows.NO_ROW); // Known to have no row.
        assertThat(table.newest(key("c"))).isNull();
        assertThat(table.storedRow(key("c"))).isNull();
    }

    @Test
    void aTableForASmallHeapTakesAtMostAQuarterOfIt() {
        long mib = 1 << 20;
        assertThat(RecentRows.capacityForHeap(256 * mib)).isEqualTo(RecentRows.DEFAULT_CAPACITY);
        assertThat(RecentRows.capacityForHeap(16_384 * mib)).isEqualTo(RecentRows.DEFAULT_CAPACITY);
        for (long heap : new long[] {mib, 16 * mib, 64 * mib, 100 * mib, 200 * mib}) {
            int capacity = RecentRows.capacityForHeap(heap);
            assertThat((long) capacity * RecentRows.ENTRY_BYTES).as("table bytes for a heap of %d", heap)
                    .isLessThanOrEqualTo(heap / 4);
            assertThat(Integer.bitCount(capacity)).as("a power of two: %d", capacity).isEqualTo(1);
            assertThat(new RecentRows(capacity).capacity()).isEqualTo(capacity); // Not rounded up past the budget.
        }
        assertThat(RecentRows.capacityForHeap(64 * mib)).isEqualTo(65_536);
    }

    @Test
    void aSizeInBytesBecomesAPowerOfTwoOfEntriesThatFitsInIt() {
        assertThat(RecentRows.capacityForBytes(56L << 20)).isEqualTo(RecentRows.DEFAULT_CAPACITY); // 224 B each
        assertThat(RecentRows.capacityForBytes(8L << 20)).isEqualTo(32_768); // 37,449 fit
        assertThat(RecentRows.capacityForBytes(1L << 20)).isEqualTo(4_096);
        assertThat(RecentRows.capacityForBytes(100)).isEqualTo(4); // One bucket at least.
        assertThat(RecentRows.capacityForBytes(1792L << 20)).isEqualTo(RecentRows.MAX_CAPACITY);
        assertThat(RecentRows.capacityForBytes(Long.MAX_VALUE)).isEqualTo(RecentRows.MAX_CAPACITY);
        assertThat(new RecentRows(RecentRows.capacityForBytes(8L << 20)).capacity()).isEqualTo(32_768);
    }

    @Test
    void aKeyIsWorthKeepingOnItsSecondMissNotItsFirst() {
        RecentRows table = new RecentRows(64);
        assertThat(table.missedBefore(key("a"))).isFalse();
        assertThat(table.missedBefore(key("b"))).isFalse();
        assertThat(table.missedBefore(key("a"))).isTrue();
        assertThat(table.missedBefore(key("a"))).isFalse(); // Admitted once; counting starts again.
        assertThat(table.missedBefore(new byte[RecentRows.KEY_BYTES + 1])).isFalse();
        assertThat(table.missedBefore(new byte[RecentRows.KEY_BYTES + 1])).isFalse(); // Could never be kept.
    }

    @Test
    void keysFillingUnderHalfOfTheTableAreKept() {
        // The load of the benchmarks: 100,000 keys in a table of the default size. With one bucket per
        // key, about 1,700 of them found their bucket full (five or more keys) and stayed out for good,
        // each costing a RocksDB read on every access; with two buckets per key none or almost none is out.
        RecentRows table = new RecentRows(RecentRows.DEFAULT_CAPACITY);
        int keys = 100_000;
        for (int i = 0; i < keys; i++) {
            table.record(key("key:" + i), new Timestamp(i + 1, 1), row(i, 100));
        }
        int kept = 0;
        for (int i = 0; i < keys; i++) {
            byte[] stored = table.storedRow(key("key:" + i));
            if (stored != null) {
                assertThat(stored).isEqualTo(row(i, 100));
                kept++;
            }
        }
        assertThat(keys - kept).as("keys left out").isLessThanOrEqualTo(10);
    }

    @Test
    void aRowIsACopyThatLaterRecordsDoNotChange() {
        RecentRows table = new RecentRows(64);
        byte[] recorded = row(1, 30);
        table.record(key("a"), new Timestamp(5, 1), recorded);
        byte[] read = table.storedRow(key("a"));
        recorded[0] = 99;
        table.record(key("a"), new Timestamp(6, 1), row(3, 30));
        assertThat(read).isEqualTo(row(1, 30));
    }

    @Test
    void keysLongerThanAnEntryHoldsAreNeverKept() {
        RecentRows table = new RecentRows(64);
        byte[] longKey = new byte[RecentRows.KEY_BYTES + 1];
        table.record(longKey, new Timestamp(5, 1), row(1, 10));
        assertThat(table.newest(longKey)).isNull();
        assertThat(table.storedRow(longKey)).isNull();
        byte[] longest = new byte[RecentRows.KEY_BYTES];
        table.record(longest, new Timestamp(5, 1), row(1, 10));
        assertThat(table.newest(longest)).isEqualTo(new Timestamp(5, 1));
        assertThat(table.storedRow(longest)).isEqualTo(row(1, 10));
    }

    @Test
    void rowsLongerThanAnEntryHoldsKeepOnlyTheirTimestamp() {
        RecentRows table = new RecentRows(64);
        table.record(key("a"), new Timestamp(5, 1), row(1, RecentRows.ROW_BYTES));
        table.record(key("b"), new Timestamp(6, 1), row(1, RecentRows.ROW_BYTES + 1));
        assertThat(table.storedRow(key("a"))).isEqualTo(row(1, RecentRows.ROW_BYTES));
        assertThat(table.storedRow(key("b"))).isNull();
        assertThat(table.newest(key("b"))).isEqualTo(new Timestamp(6, 1));
    }

    @Test
    void aForgottenKeyIsUnknownUntilRecordedAgain() {
        RecentRows table = new RecentRows(64);
        table.record(key("a"), new Timestamp(5, 1), row(1, 10));
        table.record(key("b"), new Timestamp(6, 1), row(2, 10));
        table.forget(key("a"));
        table.forget(key("unknown")); // Nothing to forget: no effect.
        assertThat(table.storedRow(key("a"))).isNull();
        assertThat(table.newest(key("a"))).isNull();
        assertThat(table.storedRow(key("b"))).isEqualTo(row(2, 10));
        assertThat(table.storedRow(key("unknown"))).isNull();
        table.record(key("a"), new Timestamp(7, 1), row(2, 12));
        assertThat(table.storedRow(key("a"))).isEqualTo(row(2, 12));
    }

    @Test
    void keysThatShareAPrefixOrAHashBucketAreToldApart() {
        RecentRows table = new RecentRows(4); // One bucket: every key competes for it.
        table.record(key("ab"), new Timestamp(1, 1), row(1, 5));
        table.record(key("abc"), new Timestamp(2, 1), row(2, 5));
        table.record(key("a"), new Timestamp(3, 1), row(3, 5));
        assertThat(table.newest(key("ab"))).isEqualTo(new Timestamp(1, 1));
        assertThat(table.newest(key("abc"))).isEqualTo(new Timestamp(2, 1));
        assertThat(table.newest(key("a"))).isEqualTo(new Timestamp(3, 1));
        assertThat(table.storedRow(key("abc"))).isEqualTo(row(2, 5));
        assertThat(table.newest(key("b"))).isNull();
    }

    /** Overfilled, it forgets keys (their reads go to RocksDB) but never answers a wrong timestamp or row. */
    @Test
    void overfilledItForgetsButNeverAnswersWrong() {
        RecentRows table = new RecentRows(32);
        Map<String, Timestamp> stamps = new HashMap<>();
        Map<String, byte[]> rows = new HashMap<>();
        Random random = new Random(7);
        int answered = 0;
        for (int i = 0; i < 20_000; i++) {
            String name = "key:" + random.nextInt(500);
            int action = random.nextInt(4);
            if (action == 0) {
                Timestamp stamp = new Timestamp(random.nextInt(1_000_000), random.nextInt(3));
                byte[] stored = random.nextInt(10) == 0 ? null : row(random.nextInt(100), random.nextInt(200));
                table.record(key(name), stamp, stored);
                stamps.put(name, stamp);
                rows.put(name, stored);
            } else if (action == 1) {
                table.forget(key(name));
                stamps.remove(name);
                rows.remove(name);
            } else {
                Timestamp known = table.newest(key(name));
                if (known != null) {
                    answered++;
                    assertThat(stamps).as(name).containsEntry(name, known);
                }
                byte[] row = table.storedRow(key(name));
                if (row != null) {
                    assertThat(rows).as("%s is known", name).containsKey(name);
                    assertThat(row == RecentRows.NO_ROW ? null : row).as(name).isEqualTo(rows.get(name));
                }
            }
        }
        assertThat(table.capacity()).isEqualTo(32);
        assertThat(answered).as("lookups the table could answer").isPositive();
    }

    /**
     * Readers on other threads, while the storage thread rewrites entries (same keys, and keys
     * evicting each other from one bucket), never get a row torn between two writes or a row of
     * another key: every row a reader gets is one that was recorded for that key.
     */
    @Test
    void concurrentReadersNeverSeeATornRowOrAnotherKeysRow() throws InterruptedException {
        RecentRows table = new RecentRows(4); // One bucket of four entries for six keys: constant eviction.
        int keys = 6;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong rowsRead = new AtomicLong();
        AtomicReference<String> wrong = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                int k = 0;
                while (!stop.get() && wrong.get() == null) {
                    k = (k + 1) % keys;
                    byte[] row = table.storedRow(key("key:" + k));
                    if (row == null) {
                        continue;
                    }
                    rowsRead.incrementAndGet();
                    // Recorded rows of key k are (k, version, version, ...): k first, then one version throughout.
                    if (row.length < 2 || row[0] != k || row.length != lengthOf(row[1])) {
                        wrong.set("key " + k + " read " + Arrays.toString(row));
                    }
                    for (int i = 2; i < row.length; i++) {
                        if (row[i] != row[1]) {
                            wrong.set("key " + k + " read a torn row " + Arrays.toString(row));
                        }
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        int version = 0;
        while (System.nanoTime() < deadline && wrong.get() == null) {
            for (int k = 0; k < keys; k++) {
                byte v = (byte) (version++ & 0x7f);
                byte[] row = new byte[lengthOf(v)];
                Arrays.fill(row, v);
                row[0] = (byte) k;
                table.forget(key("key:" + k));
                table.record(key("key:" + k), new Timestamp(version, 1), row);
            }
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(wrong.get()).isNull();
        assertThat(rowsRead.get()).as("rows the readers got").isPositive();
    }

    /** Each version has its own length, so a row mixing two writes is caught by its length too. */
    private static int lengthOf(byte version) {
        return 2 + version % 100;
    }

    private static byte[] row(int fill, int length) {
        byte[] row = new byte[length];
        Arrays.fill(row, (byte) fill);
        return row;
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
