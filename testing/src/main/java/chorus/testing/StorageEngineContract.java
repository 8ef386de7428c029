package chorus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import chorus.api.Bytes;
import chorus.core.model.Cell;
import chorus.core.model.ColumnKind;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.port.Callback;
import chorus.core.port.KeyValue;
import chorus.core.port.PurgeResult;
import chorus.core.port.StorageEngine;
import chorus.core.port.StorageResult;
import chorus.core.topology.Slots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StorageEngine} does, checked the same way for RocksDB and for the simulator's
 * engine (DESIGN.md D10), so that a fake that drifts from production fails here first.
 *
 * <p>To use it, extend it and say how to open the engine under test, how to restart it, and, when
 * callbacks do not simply run on some thread by themselves (a simulation runs them only when it is
 * stepped), how to let them run. Test methods call the engine from the test thread and wait for
 * each callback with a timeout; the port promises callbacks on the node thread, which a subclass
 * can check with {@link #isCallbackThread}.
 */
public abstract class StorageEngineContract {
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);
    protected static final String KEYSPACE = "ks";

    private StorageEngine engine;

    /**
     * Opens an engine over this test's data. Called lazily by {@link #engine()}, once at first and
     * once more after each {@link #restart()}; every call sees the same data.
     */
    protected abstract StorageEngine open();

    /**
     * Shuts down the engines opened so far, cleanly, as a process that exits normally would
     * (a simulated engine keeps only what it had made durable). The contract then calls
     * {@link #open()} to get the restarted engine; everything whose apply completed must be there.
     */
    protected abstract void restart();

    /** Whether the current thread is the one that callbacks must run on (the node thread). */
    protected boolean isCallbackThread() {
        return true;
    }

    /**
     * Lets callbacks run until {@code condition} holds, failing after {@code timeout}. The default
     * waits, for engines whose callbacks run on threads of their own; a simulation steps itself.
     */
    protected void runCallbacksUntil(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("no callback within " + timeout.toMillis() + " ms");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** The engine under test, opened on first use. */
    protected final StorageEngine engine() {
        if (engine == null) {
            engine = open();
        }
        return engine;
    }

    /** Restarts the engine: the next {@link #engine()} is a freshly opened one on the same data. */
    protected final void restartEngine() {
        engine = null;
        restart();
    }

    // ---- Reading and writing ----

    @Test
    void readOfMissingKeyIsEmpty() {
        apply(new Mutation(key("present"), string("v", 1)));

        assertThat(read(key("absent"))).isEqualTo(Row.EMPTY);
        assertThat(read(new RowKey("other", Bytes.utf8("present")))).isEqualTo(Row.EMPTY);
    }

    @Test
    void readReturnsTheAppliedRow() {
        Row row = string("hello", 1);
        apply(new Mutation(key("k"), row));

        assertThat(read(key("k"))).isEqualTo(row);
    }

    @Test
    void applyMergesInEitherOrder() {
        Row a = Row.of(Timestamp.MIN, List.of(field("f1", "a1", 1), field("f2", "a2", 5), field("f3", "a3", 2)));
        Row b = Row.of(Timestamp.MIN, List.of(field("f2", "b2", 3), field("f3", "b3", 4), field("f4", "b4", 1)));

        apply(new Mutation(key("ab"), a));
        apply(new Mutation(key("ab"), b));
        apply(new Mutation(key("ba"), b));
        apply(new Mutation(key("ba"), a));
        apply(new Mutation(key("one-batch"), a), new Mutation(key("one-batch"), b));

        Row expected = Row.merge(a, b);
        assertThat(read(key("ab"))).isEqualTo(expected);
        assertThat(read(key("ba"))).isEqualTo(expected);
        assertThat(read(key("one-batch"))).isEqualTo(expected);
        assertThat(expected.cells()).hasSize(4); // Nothing was overwritten wholesale.
    }

    @Test
    void applyReportsTheNewestTimestampTheRowsHeldBefore() {
        assertThat(applied(new Mutation(key("k"), string("first", 5)))).isEqualTo(Timestamp.MIN);
        assertThat(applied(new Mutation(key("k"), string("older", 3)))).isEqualTo(ts(5));
        assertThat(applied(new Mutation(key("k"), Row.of(Timestamp.MIN, List.of(field("f", "v", 9))))))
                .isEqualTo(ts(5));
        assertThat(applied(new Mutation(key("k"), string("again", 7)))).isEqualTo(ts(9));
        // A batch reports the newest over all its rows, including what earlier mutations of it merged.
        assertThat(applied(new Mutation(key("other"), string("x", 2)), new Mutation(key("k"), string("y", 1))))
                .isEqualTo(ts(9));
    }

    @Test
    void olderWriteLosesToNewerOne() {
        apply(new Mutation(key("k"), string("new", 5)));
        apply(new Mutation(key("k"), string("old", 3)));

        assertThat(read(key("k"))).isEqualTo(string("new", 5));
    }

    @Test
    void keyTombstoneShadowsOlderCellsOnly() {
        apply(new Mutation(key("k"), Row.of(field("old", "1", 1), field("older", "2", 2))));
        apply(new Mutation(key("k"), Row.deleted(ts(3))));
        apply(new Mutation(key("k"), Row.of(field("newer", "4", 4))));

        Row expected = Row.of(ts(3), List.of(field("newer", "4", 4)));
        assertThat(read(key("k"))).isEqualTo(expected);
    }

    @Test
    void duplicatesAreHarmless() {
        Mutation mutation = new Mutation(key("k"), Row.of(field("f", "v", 7)));
        apply(mutation);
        apply(mutation);
        apply(mutation, mutation);

        assertThat(read(key("k"))).isEqualTo(mutation.row());
    }

    @Test
    void batchAppliesWholly() {
        List<Mutation> batch = List.of(
                new Mutation(key("a"), string("1", 1)),
                new Mutation(key("b"), Row.of(field("f", "2", 1))),
                new Mutation(new RowKey("other", Bytes.utf8("a")), string("3", 1)),
                new Mutation(key("{tag}c"), Row.deleted(ts(2))));
        assertThat(await((Callback<StorageResult<Timestamp>> done) -> engine().apply(batch, done)))
                .isInstanceOf(StorageResult.Ok.class);

        for (Mutation mutation : batch) {
            assertThat(read(mutation.key())).isEqualTo(mutation.row());
        }
    }

    @Test
    void emptyBatchCompletes() {
        assertThat(await((Callback<StorageResult<Timestamp>> done) -> engine().apply(List.of(), done)))
                .isInstanceOf(StorageResult.Ok.class);
    }

    @Test
    void emptyRowStoresNothing() {
        apply(new Mutation(key("{t}nothing"), Row.EMPTY));

        assertThat(read(key("{t}nothing"))).isEqualTo(Row.EMPTY);
        assertThat(scan(KEYSPACE, slotOf("{t}"), Bytes.EMPTY, 10)).isEmpty();
    }

    @Test
    void completionsArriveInSubmissionOrder() {
        int count = 200;
        List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
        List<Completion<StorageResult<Timestamp>>> completions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            Completion<StorageResult<Timestamp>> completion = new Completion<>();
            completions.add(completion);
            // Some keys repeat, so some applies read what an earlier, still pending one wrote.
            engine().apply(List.of(new Mutation(key("k" + (i % 17)), Row.of(field("f" + i, "v", i + 1)))), result -> {
                completed.add(index);
                completion.completed(result);
            });
        }
        runCallbacksUntil(() -> completed.size() == count, TIMEOUT);

        assertThat(completed).isSorted().hasSize(count);
        completions.forEach(completion -> assertThat(completion.result()).isInstanceOf(StorageResult.Ok.class));
        assertThat(read(key("k0")).cells()).hasSize(12); // Indexes 0, 17, ..., 187: no merge was lost.
    }

    // ---- Scans ----

    @Test
    void scanReturnsExactlyOneSlotOfOneKeyspaceInUnsignedKeyOrder() {
        int slot = slotOf("{t}");
        TreeMap<Bytes, Row> expected = new TreeMap<>(); // Bytes order is unsigned.
        for (Bytes key : tagged("{t}", "", "a", "b", "aa", "A", "\u007f", "\u0080", "\u00ff", "z\u0000")) {
            Row row = string("value of " + key, 1);
            expected.put(key, row);
            apply(new Mutation(new RowKey(KEYSPACE, key), row));
        }
        // Neighbours that a wrong range would include: adjacent slots, and the same slot elsewhere.
        apply(new Mutation(new RowKey(KEYSPACE, keyInSlot(Math.floorMod(slot - 1, Slots.COUNT))),
                string("previous slot", 1)));
        apply(new Mutation(new RowKey(KEYSPACE, keyInSlot((slot + 1) % Slots.COUNT)), string("next slot", 1)));
        for (String keyspace : List.of("k", "ks2", "s", "")) {
            apply(new Mutation(new RowKey(keyspace, Bytes.utf8("{t}a")), string("other keyspace", 1)));
        }

        List<Mutation> rows = scan(KEYSPACE, slot, Bytes.EMPTY, 100);

        assertThat(rows).containsExactlyElementsOf(mutations(KEYSPACE, expected));
        assertThat(rows).allSatisfy(row -> assertThat(row.key().slot()).isEqualTo(slot));
    }

    @Test
    void scanStartsAtFromKeyInclusiveAndStopsAtLimit() {
        int slot = slotOf("{t}");
        TreeMap<Bytes, Row> all = applyTagged("{t}", "a", "b", "c", "d", "e");

        assertThat(scan(KEYSPACE, slot, tagged("{t}", "c").get(0), 100))
                .containsExactlyElementsOf(mutations(KEYSPACE, all.tailMap(tagged("{t}", "c").get(0), true)));
        assertThat(scan(KEYSPACE, slot, tagged("{t}", "bb").get(0), 2))
                .containsExactlyElementsOf(mutations(KEYSPACE, all.subMap(tagged("{t}", "c").get(0), true,
                        tagged("{t}", "d").get(0), true)));
        assertThat(scan(KEYSPACE, slot, tagged("{t}", "f").get(0), 100)).isEmpty();
    }

    @Test
    void scanPagesWithTheLastKey() {
        int slot = slotOf("{t}");
        TreeMap<Bytes, Row> all = applyTagged("{t}", "1", "2", "3", "4", "5", "6", "7");

        List<Mutation> collected = new ArrayList<>();
        Bytes from = Bytes.EMPTY;
        for (int pages = 0; pages < 10; pages++) {
            List<Mutation> page = scan(KEYSPACE, slot, from, 3);
            collected.addAll(page);
            if (page.size() < 3) {
                break;
            }
            Bytes last = page.get(page.size() - 1).key().key();
            // From the last key inclusive, the page starts with it again; its successor starts after it.
            assertThat(scan(KEYSPACE, slot, last, 1).get(0).key().key()).isEqualTo(last);
            from = successor(last);
        }

        assertThat(collected).containsExactlyElementsOf(mutations(KEYSPACE, all));
    }

    @Test
    void scanOfAnEmptySlotIsEmpty() {
        applyTagged("{t}", "a");

        assertThat(scan(KEYSPACE, slotOf("{u}"), Bytes.EMPTY, 10)).isEmpty();
        assertThat(scan("unused", slotOf("{t}"), Bytes.EMPTY, 10)).isEmpty();
        assertThat(scan(KEYSPACE, 0, Bytes.EMPTY, 10)).isEmpty();
        assertThat(scan(KEYSPACE, Slots.COUNT - 1, Bytes.EMPTY, 10)).isEmpty();
    }

    @Test
    void keyspacesAreIsolated() {
        Bytes key = Bytes.utf8("{t}same");
        apply(new Mutation(new RowKey("a", key), string("in a", 1)));
        apply(new Mutation(new RowKey("b", key), string("in b", 2)));

        assertThat(read(new RowKey("a", key))).isEqualTo(string("in a", 1));
        assertThat(read(new RowKey("b", key))).isEqualTo(string("in b", 2));
        assertThat(scan("a", slotOf("{t}"), Bytes.EMPTY, 10))
                .containsExactly(new Mutation(new RowKey("a", key), string("in a", 1)));
    }

    // ---- The node's own state ----

    @Test
    void stateRoundTripsAndIsReplacedNotMerged() {
        Bytes key = Bytes.utf8("epoch");
        assertThat(getState(key)).isNull();

        putState(key, Bytes.utf8("1"));
        assertThat(getState(key)).isEqualTo(Bytes.utf8("1"));
        putState(key, Bytes.utf8("2"));
        assertThat(getState(key)).isEqualTo(Bytes.utf8("2"));
        putState(Bytes.utf8("empty"), Bytes.EMPTY);
        assertThat(getState(Bytes.utf8("empty"))).isEqualTo(Bytes.EMPTY);
        assertThat(getState(Bytes.utf8("absent"))).isNull();
    }

    @Test
    void applyWithStateStoresTheRowsAndTheStateTogetherDurably() {
        apply(new Mutation(key("k"), string("old", 1)));
        Timestamp newestBefore = ok(await((Callback<StorageResult<Timestamp>> done) -> engine().applyWithState(
                List.of(new Mutation(key("k"), string("new", 2))), Bytes.utf8("commit"), Bytes.utf8("ballot 2"), done)));

        assertThat(newestBefore).isEqualTo(ts(1));
        assertThat(read(key("k"))).isEqualTo(string("new", 2));
        assertThat(getState(Bytes.utf8("commit"))).isEqualTo(Bytes.utf8("ballot 2"));
        restartEngine();
        assertThat(read(key("k"))).isEqualTo(string("new", 2));
        assertThat(getState(Bytes.utf8("commit"))).isEqualTo(Bytes.utf8("ballot 2"));
    }

    @Test
    void stateAndDataAreSeparate() {
        putState(Bytes.utf8("k"), Bytes.utf8("state"));
        apply(new Mutation(key("k"), string("data", 1)));

        assertThat(getState(Bytes.utf8("k"))).isEqualTo(Bytes.utf8("state"));
        assertThat(read(key("k"))).isEqualTo(string("data", 1));
    }

    // ---- Hints ----

    @Test
    void hintsAreScannedByPrefixInKeyOrderUpToTheLimit() {
        putHint(Bytes.utf8("b/2"), Bytes.utf8("two"));
        putHint(Bytes.utf8("a/9"), Bytes.utf8("other target"));
        putHint(Bytes.utf8("b/1"), Bytes.utf8("one"));
        putHint(Bytes.utf8("b/3"), Bytes.utf8("three"));
        putHint(Bytes.utf8("c/1"), Bytes.utf8("other target"));

        assertThat(scanHints(Bytes.utf8("b/"), 10)).containsExactly(new KeyValue(Bytes.utf8("b/1"), Bytes.utf8("one")),
                new KeyValue(Bytes.utf8("b/2"), Bytes.utf8("two")), new KeyValue(Bytes.utf8("b/3"), Bytes.utf8("three")));
        assertThat(scanHints(Bytes.utf8("b/"), 2)).extracting(KeyValue::key)
                .containsExactly(Bytes.utf8("b/1"), Bytes.utf8("b/2"));
        assertThat(scanHints(Bytes.utf8("d/"), 10)).isEmpty();
    }

    @Test
    void deletedHintsAreGoneAndDeletingAnAbsentHintSucceeds() {
        putHint(Bytes.utf8("b/1"), Bytes.utf8("one"));
        putHint(Bytes.utf8("b/2"), Bytes.utf8("two"));
        deleteHint(Bytes.utf8("b/1"));
        deleteHint(Bytes.utf8("b/absent"));

        assertThat(scanHints(Bytes.utf8("b/"), 10)).containsExactly(new KeyValue(Bytes.utf8("b/2"), Bytes.utf8("two")));
    }

    @Test
    void hintsAreSeparateFromStateAndSurviveARestart() {
        putHint(Bytes.utf8("k"), Bytes.utf8("hint"));
        putState(Bytes.utf8("k"), Bytes.utf8("state"));

        restartEngine();

        assertThat(scanHints(Bytes.utf8("k"), 10)).containsExactly(new KeyValue(Bytes.utf8("k"), Bytes.utf8("hint")));
        assertThat(getState(Bytes.utf8("k"))).isEqualTo(Bytes.utf8("state"));
    }

    // ---- Tombstone purge ----

    @Test
    void purgeDropsTombstonesAndExpiredCellsOlderThanTheCutoffAndRowsLeftEmpty() {
        Cell fieldTombstoneOld = Cell.tombstone(Cell.column(ColumnKind.HASH_FIELD, Bytes.utf8("dead")), ts(6));
        Cell fieldTombstoneYoung = Cell.tombstone(Cell.column(ColumnKind.HASH_FIELD, Bytes.utf8("dying")), ts(20));
        Cell expired = new Cell(Cell.column(ColumnKind.HASH_FIELD, Bytes.utf8("ttl")), Bytes.utf8("x"), ts(2), 8);
        Cell expiring = new Cell(Cell.column(ColumnKind.HASH_FIELD, Bytes.utf8("ttl2")), Bytes.utf8("y"), ts(2), 15);
        apply(new Mutation(key("{p}deleted"), Row.deleted(ts(5))));
        apply(new Mutation(key("{p}deleted-lately"), Row.deleted(ts(50))));
        apply(new Mutation(key("{p}mixed"), Row.of(ts(3), List.of(field("live", "v", 4), fieldTombstoneOld,
                fieldTombstoneYoung))));
        apply(new Mutation(key("{p}ttl"), Row.of(expired, expiring)));
        apply(new Mutation(key("{p}plain"), string("v", 1)));

        PurgeResult result = purge(slotOf("{p}"), Bytes.EMPTY, 100, 10);

        assertThat(result).isEqualTo(PurgeResult.last(5, 4));
        assertThat(read(key("{p}deleted"))).isEqualTo(Row.EMPTY);
        assertThat(read(key("{p}deleted-lately"))).isEqualTo(Row.deleted(ts(50)));
        assertThat(read(key("{p}mixed"))).isEqualTo(Row.of(field("live", "v", 4), fieldTombstoneYoung));
        assertThat(read(key("{p}ttl"))).isEqualTo(Row.of(expiring));
        assertThat(read(key("{p}plain"))).as("a SET's key tombstone (it replaced the key) goes, its value stays")
                .isEqualTo(new Row(Timestamp.MIN, string("v", 1).cells()));
        assertThat(scan(KEYSPACE, slotOf("{p}"), Bytes.EMPTY, 10)).extracting(mutation -> mutation.key().key().utf8())
                .as("a row left empty is deleted, not stored empty")
                .containsExactly("{p}deleted-lately", "{p}mixed", "{p}plain", "{p}ttl");
    }

    @Test
    void purgePagesThroughASlotAndSaysWhereToResume() {
        for (String suffix : List.of("a", "b", "c", "d", "e")) {
            apply(new Mutation(key("{q}" + suffix), Row.deleted(ts(1))));
        }
        int slot = slotOf("{q}");

        PurgeResult first = purge(slot, Bytes.EMPTY, 2, 10);
        PurgeResult second = purge(first.resumeSlot(), first.resumeKey(), 2, 10);
        PurgeResult third = purge(second.resumeSlot(), second.resumeKey(), 2, 10);

        assertThat(first).isEqualTo(new PurgeResult(2, 2, slot, Bytes.utf8("{q}c")));
        assertThat(second).isEqualTo(new PurgeResult(2, 2, slot, Bytes.utf8("{q}e")));
        assertThat(third).isEqualTo(PurgeResult.last(1, 1));
        assertThat(scan(KEYSPACE, slot, Bytes.EMPTY, 10)).isEmpty();
        assertThat(purge(0, Bytes.EMPTY, 10, 10)).isEqualTo(PurgeResult.last(0, 0));
    }

    @Test
    void onePurgeCrossesSlotsInSlotOrderAndStaysInItsKeyspace() {
        int low = Math.min(slotOf("{a}"), slotOf("{b}"));
        int high = Math.max(slotOf("{a}"), slotOf("{b}"));
        Bytes lowKey = Bytes.utf8(low == slotOf("{a}") ? "{a}k" : "{b}k");
        Bytes highKey = Bytes.utf8(high == slotOf("{a}") ? "{a}k" : "{b}k");
        apply(new Mutation(new RowKey(KEYSPACE, lowKey), Row.deleted(ts(1))));
        apply(new Mutation(new RowKey(KEYSPACE, highKey), Row.deleted(ts(1))));
        RowKey elsewhere = new RowKey("other", Bytes.utf8("{a}k"));
        apply(new Mutation(elsewhere, Row.deleted(ts(1))));

        PurgeResult first = purge(0, Bytes.EMPTY, 1, 10);
        PurgeResult second = purge(first.resumeSlot(), first.resumeKey(), 1, 10);

        assertThat(first).isEqualTo(new PurgeResult(1, 1, high, highKey));
        assertThat(second).isEqualTo(PurgeResult.last(1, 1));
        assertThat(read(elsewhere)).as("another keyspace is purged by its own calls").isEqualTo(Row.deleted(ts(1)));
    }

    @Test
    void aPurgeIsDurableAndAPurgedTombstoneNoLongerShadowsOlderWrites() {
        apply(new Mutation(key("k"), Row.deleted(ts(5))));
        purge(slotOf("k"), Bytes.EMPTY, 10, 10);

        restartEngine();
        assertThat(read(key("k"))).isEqualTo(Row.EMPTY);

        // What repair must prevent (docs/healing.md): a write older than the purged delete comes back.
        apply(new Mutation(key("k"), string("old", 1)));
        assertThat(read(key("k"))).isEqualTo(string("old", 1));
    }

    @Test
    void appliesSubmittedAroundAPurgeKeepTheirOrder() {
        apply(new Mutation(key("k"), Row.deleted(ts(5))));
        Completion<StorageResult<Timestamp>> before = new Completion<>();
        Completion<StorageResult<PurgeResult>> purged = new Completion<>();
        Completion<StorageResult<Timestamp>> after = new Completion<>();
        engine().apply(List.of(new Mutation(key("k"), Row.of(field("f", "before", 6)))), before);
        engine().purge(KEYSPACE, slotOf("k"), Bytes.EMPTY, 10, 10, purged);
        engine().apply(List.of(new Mutation(key("k"), Row.of(field("g", "after", 2)))), after);
        runCallbacksUntil(after::isDone, TIMEOUT);

        assertThat(before.result()).isInstanceOf(StorageResult.Ok.class);
        assertThat(after.result()).isInstanceOf(StorageResult.Ok.class);
        assertThat(ok(purged.result())).isEqualTo(PurgeResult.last(1, 1));
        assertThat(read(key("k"))).as("the tombstone is gone; what was applied before and after it stays")
                .isEqualTo(Row.of(field("f", "before", 6), field("g", "after", 2)));
    }

    // ---- Durability ----

    @Test
    void everythingCompletedSurvivesARestart() {
        TreeMap<Bytes, Row> tagged = applyTagged("{t}", "a", "b", "c");
        Mutation big = new Mutation(key("big"), string("x".repeat(1 << 20), 1));
        apply(big);
        apply(new Mutation(new RowKey("other", Bytes.utf8("k")), Row.deleted(ts(9))));
        putState(Bytes.utf8("epoch"), Bytes.utf8("42"));

        restartEngine();

        assertThat(scan(KEYSPACE, slotOf("{t}"), Bytes.EMPTY, 10)).containsExactlyElementsOf(mutations(KEYSPACE, tagged));
        assertThat(read(key("big"))).isEqualTo(big.row());
        assertThat(read(new RowKey("other", Bytes.utf8("k")))).isEqualTo(Row.deleted(ts(9)));
        assertThat(getState(Bytes.utf8("epoch"))).isEqualTo(Bytes.utf8("42"));

        // Writes after a restart still merge into what was there before it.
        apply(new Mutation(key("{t}a"), Row.of(field("f", "v", 2))));
        assertThat(read(key("{t}a"))).isEqualTo(Row.merge(tagged.get(Bytes.utf8("{t}a")), Row.of(field("f", "v", 2))));
    }

    // ---- Helpers for subclasses and the tests above ----

    /**
     * The one result of an asynchronous call. It fails the test when the callback runs twice or on
     * a thread other than the node thread.
     */
    protected final class Completion<T> implements Callback<T> {
        private final AtomicInteger calls = new AtomicInteger();
        private volatile T result;
        private volatile String wrongThread;

        public Completion() {
        }

        @Override
        public void completed(T value) {
            if (!isCallbackThread()) {
                wrongThread = Thread.currentThread().getName();
            }
            result = value;
            calls.incrementAndGet();
        }

        public boolean isDone() {
            return calls.get() > 0;
        }

        public T result() {
            assertThat(calls.get()).as("callback calls").isEqualTo(1);
            assertThat(wrongThread).as("thread of the callback, when not the node thread").isNull();
            return result;
        }
    }

    /** Starts an operation, lets callbacks run until it completes, and returns its one result. */
    protected final <T> T await(Consumer<Callback<T>> operation) {
        Completion<T> completion = new Completion<>();
        operation.accept(completion);
        runCallbacksUntil(completion::isDone, TIMEOUT);
        return completion.result();
    }

    protected static <T> T ok(StorageResult<T> result) {
        if (result instanceof StorageResult.Ok<T> success) {
            return success.value();
        }
        return fail("expected Ok but was %s", result);
    }

    protected final void apply(Mutation... batch) {
        applied(batch);
    }

    /** Applies a batch and returns what the engine reported: the newest timestamp held before it. */
    protected final Timestamp applied(Mutation... batch) {
        return ok(await((Callback<StorageResult<Timestamp>> done) -> engine().apply(List.of(batch), done)));
    }

    protected final Row read(RowKey key) {
        return ok(await((Callback<StorageResult<Row>> done) -> engine().read(key, done)));
    }

    protected final List<Mutation> scan(String keyspace, int slot, Bytes fromKey, int limit) {
        return ok(await((Callback<StorageResult<List<Mutation>>> done) ->
                engine().scan(keyspace, slot, fromKey, limit, done)));
    }

    protected final PurgeResult purge(int fromSlot, Bytes fromKey, int limit, long purgeBeforeMillis) {
        return ok(await(done -> engine().purge(KEYSPACE, fromSlot, fromKey, limit, purgeBeforeMillis, done)));
    }

    protected final void putState(Bytes key, Bytes value) {
        ok(await((Callback<StorageResult<Void>> done) -> engine().putState(key, value, done)));
    }

    protected final Bytes getState(Bytes key) {
        return ok(await((Callback<StorageResult<Bytes>> done) -> engine().getState(key, done)));
    }

    protected final void putHint(Bytes key, Bytes value) {
        ok(await((Callback<StorageResult<Void>> done) -> engine().putHint(key, value, done)));
    }

    protected final void deleteHint(Bytes key) {
        ok(await((Callback<StorageResult<Void>> done) -> engine().deleteHint(key, done)));
    }

    protected final List<KeyValue> scanHints(Bytes prefix, int limit) {
        return ok(await((Callback<StorageResult<List<KeyValue>>> done) -> engine().scanHints(prefix, limit, done)));
    }

    protected static RowKey key(String key) {
        return new RowKey(KEYSPACE, Bytes.utf8(key));
    }

    /** A timestamp at {@code millis} from node 1. */
    protected static Timestamp ts(long millis) {
        return Timestamp.ofMillis(millis, 0, 1);
    }

    /** A SET of {@code value} at {@code millis}. */
    protected static Row string(String value, long millis) {
        return Row.replaceWithString(Bytes.utf8(value), 0, ts(millis));
    }

    /** One hash field at {@code millis}. */
    protected static Cell field(String name, String value, long millis) {
        return Cell.value(Cell.column(ColumnKind.HASH_FIELD, Bytes.utf8(name)), Bytes.utf8(value), ts(millis));
    }

    protected static int slotOf(String key) {
        return Slots.slotOf(Bytes.utf8(key));
    }

    /** A key of this slot, found by trying names in order (deterministic). */
    protected static Bytes keyInSlot(int slot) {
        for (int i = 0; ; i++) {
            Bytes key = Bytes.utf8("key-" + i);
            if (Slots.slotOf(key) == slot) {
                return key;
            }
        }
    }

    /** The smallest key after {@code key}: it with a zero byte appended. Pages a scan exclusively. */
    protected static Bytes successor(Bytes key) {
        byte[] next = new byte[key.length() + 1];
        System.arraycopy(key.arrayUnsafe(), 0, next, 0, key.length());
        return Bytes.wrapUnsafe(next);
    }

    /**
     * Keys that share the slot of {@code tag} (a Redis hash tag such as "{t}"). Characters up to
     * U+00FF stand for single bytes, so tests can name bytes above 0x7f.
     */
    private static List<Bytes> tagged(String tag, String... suffixes) {
        List<Bytes> keys = new ArrayList<>();
        for (String suffix : suffixes) {
            byte[] key = new byte[tag.length() + suffix.length()];
            String text = tag + suffix;
            for (int i = 0; i < text.length(); i++) {
                key[i] = (byte) text.charAt(i);
            }
            keys.add(Bytes.wrapUnsafe(key));
        }
        return keys;
    }

    private TreeMap<Bytes, Row> applyTagged(String tag, String... suffixes) {
        TreeMap<Bytes, Row> rows = new TreeMap<>();
        for (Bytes key : tagged(tag, suffixes)) {
            Row row = string("value of " + key, 1);
            rows.put(key, row);
            apply(new Mutation(new RowKey(KEYSPACE, key), row));
        }
        return rows;
    }

    private static List<Mutation> mutations(String keyspace, Map<Bytes, Row> rows) {
        List<Mutation> mutations = new ArrayList<>();
        rows.forEach((key, row) -> mutations.add(new Mutation(new RowKey(keyspace, key), row)));
        return mutations;
    }
}
