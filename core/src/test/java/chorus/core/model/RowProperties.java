package chorus.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Rows are state-based CRDTs: replicas that merge the same states in any order agree (D4). */
class RowProperties {

    @Property
    void mergeIsCommutative(@ForAll("rows") Row a, @ForAll("rows") Row b) {
        assertThat(Row.merge(a, b)).isEqualTo(Row.merge(b, a));
    }

    @Property
    void mergeIsAssociative(@ForAll("rows") Row a, @ForAll("rows") Row b, @ForAll("rows") Row c) {
        assertThat(Row.merge(Row.merge(a, b), c)).isEqualTo(Row.merge(a, Row.merge(b, c)));
    }

    @Property
    void mergeIsIdempotent(@ForAll("rows") Row a, @ForAll("rows") Row b) {
        Row merged = Row.merge(a, b);
        assertThat(Row.merge(merged, a)).isEqualTo(merged);
        assertThat(Row.merge(a, a)).isEqualTo(a);
    }

    @Property
    void equalRowsHaveEqualDigests(@ForAll("rows") Row a, @ForAll("rows") Row b) {
        assertThat(Row.merge(a, b).digest()).isEqualTo(Row.merge(b, a).digest());
    }

    @Property
    void aKeyTombstoneHidesEveryOlderCellAndNoNewerOne(@ForAll("rows") Row row, @ForAll("timestamps") Timestamp deletion) {
        Row merged = Row.merge(row, Row.deleted(deletion));
        for (Cell cell : row.cells().values()) {
            boolean survives = cell.timestamp().compareTo(Timestamp.max(deletion, row.deletedAt())) >= 0;
            assertThat(merged.cells().containsKey(cell.column()) && merged.cells().get(cell.column()).equals(cell))
                    .isEqualTo(survives);
        }
    }

    @Property
    void aRowThatReplacesEverythingStoredIsWhatMergingItGives(@ForAll("rows") Row stored, @ForAll("rows") Row incoming) {
        if (incoming.replacesEverythingUpTo(stored.newestTimestamp())) {
            assertThat(Row.merge(stored, incoming)).isEqualTo(incoming);
        } else {
            assertThat(incoming.deletedAt()).isLessThanOrEqualTo(stored.newestTimestamp());
        }
    }

    @Property
    void aSetOrDeleteNewerThanTheStoredRowReplacesIt(@ForAll("rows") Row stored, @ForAll("timestamps") Timestamp stamp) {
        Timestamp newer = new Timestamp(Math.max(stamp.time(), stored.newestTimestamp().time()) + 1, stamp.node());
        Row set = Row.replaceWithString(Bytes.utf8("v"), 0, newer);
        Row deletion = Row.deleted(newer);
        assertThat(set.replacesEverythingUpTo(stored.newestTimestamp())).isTrue();
        assertThat(deletion.replacesEverythingUpTo(stored.newestTimestamp())).isTrue();
        assertThat(Row.merge(stored, set)).isEqualTo(set);
        assertThat(Row.merge(stored, deletion)).isEqualTo(deletion);
    }

    @Property
    void restampingGivesEveryPartTheNewTimestamp(@ForAll("rows") Row row, @ForAll("timestamps") Timestamp stamp) {
        Row stamped = row.withTimestamp(stamp);
        assertThat(stamped.cells().values()).allSatisfy(cell -> assertThat(cell.timestamp()).isEqualTo(stamp));
        assertThat(stamped.cells().keySet()).isEqualTo(row.cells().keySet());
    }

    @Property
    void aPurgeIsIdempotent(@ForAll("datedRows") Row row, @ForAll("cutoffs") long purgeBeforeMillis) {
        Row purged = row.purge(purgeBeforeMillis);
        assertThat(purged.purge(purgeBeforeMillis)).isEqualTo(purged);
    }

    @Property
    void aPurgeChangesNothingAReadSees(@ForAll("datedRows") Row row, @ForAll("cutoffs") long purgeBeforeMillis) {
        for (long now = purgeBeforeMillis; now <= purgeBeforeMillis + 3; now++) {
            assertThat(row.purge(purgeBeforeMillis).liveCells(now)).isEqualTo(row.liveCells(now));
        }
    }

    @Property
    void aPurgeLeavesNoPurgeableTombstoneAndNothingElseOut(@ForAll("datedRows") Row row,
                                                            @ForAll("cutoffs") long purgeBeforeMillis) {
        Row purged = row.purge(purgeBeforeMillis);
        assertThat(purged.cells().values()).noneMatch(cell -> cell.isPurgeable(purgeBeforeMillis));
        assertThat(row.cells().values()).filteredOn(cell -> !cell.isPurgeable(purgeBeforeMillis))
                .containsExactlyElementsOf(purged.cells().values());
        boolean keyTombstoneKept = row.deletedAt().physicalMillis() >= purgeBeforeMillis;
        assertThat(purged.deletedAt()).isEqualTo(keyTombstoneKept ? row.deletedAt() : Timestamp.MIN);
    }

    @Property
    void aPurgedRowStreamedToAReplicaThatHasNotPurgedConvergesOnceItPurges(
            @ForAll("datedRows") Row row, @ForAll("cutoffs") long purgeBeforeMillis) {
        Row purged = row.purge(purgeBeforeMillis);
        assertThat(Row.merge(row, purged).purge(purgeBeforeMillis)).isEqualTo(purged);
    }

    /** Rows whose timestamps and expiries are a few physical milliseconds apart, for purges at 0..8 ms. */
    @Provide
    Arbitrary<Row> datedRows() {
        Arbitrary<Timestamp> dated = Combinators.combine(Arbitraries.longs().between(1, 6), Arbitraries.integers()
                .between(1, 3)).as((millis, node) -> Timestamp.ofMillis(millis, 0, node));
        Arbitrary<Cell> cells = Combinators.combine(
                Arbitraries.of("a", "b", "c").map(name -> Cell.column(ColumnKind.HASH_FIELD, Bytes.utf8(name))),
                Arbitraries.of("x", "y").injectNull(0.3).map(value -> value == null ? null : Bytes.utf8(value)),
                dated, Arbitraries.of(0L, 0L, 2L, 4L, 7L)).as(Cell::new);
        Arbitrary<Timestamp> tombstones = Arbitraries.oneOf(Arbitraries.just(Timestamp.MIN), dated);
        return Combinators.combine(tombstones, cells.list().ofMaxSize(5))
                .as((tombstone, list) -> Row.of(tombstone, new ArrayList<>(list)));
    }

    @Provide
    Arbitrary<Long> cutoffs() {
        return Arbitraries.longs().between(0, 8);
    }

    @Provide
    Arbitrary<Timestamp> timestamps() {
        // Few distinct times and nodes, so that ties and collisions are common.
        return Combinators.combine(Arbitraries.longs().between(1, 6), Arbitraries.integers().between(1, 3))
                .as((time, node) -> new Timestamp(time, node));
    }

    @Provide
    Arbitrary<Row> rows() {
        Arbitrary<Cell> cells = Combinators.combine(
                Arbitraries.of("a", "b", "c").map(name -> Cell.column(ColumnKind.HASH_FIELD, Bytes.utf8(name))),
                Arbitraries.of("x", "y", "").injectNull(0.2).map(value -> value == null ? null : Bytes.utf8(value)),
                timestamps(),
                Arbitraries.of(0L, 0L, 100L, 200L)).as(Cell::new);
        Arbitrary<Timestamp> tombstones = Arbitraries.oneOf(Arbitraries.just(Timestamp.MIN), timestamps());
        return Combinators.combine(tombstones, cells.list().ofMaxSize(5)).as((tombstone, list) -> Row.of(tombstone, new ArrayList<>(list)));
    }

    @Property
    void liveCellsHideTombstonesAndExpiredCells(@ForAll("rows") Row row) {
        for (Cell cell : row.liveCells(150).values()) {
            assertThat(cell.isTombstone()).isFalse();
            assertThat(cell.expiresAtMillis() == 0 || cell.expiresAtMillis() > 150).isTrue();
        }
        List<Cell> hidden = row.cells().values().stream().filter(cell -> !row.liveCells(150).containsValue(cell)).toList();
        assertThat(hidden).allSatisfy(cell -> assertThat(cell.isTombstone() || cell.expiresAtMillis() == 100).isTrue());
    }
}
