package chorus.core.model;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything stored under one key: an optional key tombstone and a sorted map of cells. Rows are
 * immutable state-based CRDTs: {@link #merge} is commutative, associative and idempotent, so
 * replicas that have seen the same writes in any order, any number of times, hold equal rows.
 *
 * <p>A key tombstone at time T (DEL, or the replace of a SET) shadows every cell older than T.
 * Shadowed cells are dropped by merge, so equal histories give {@link #equals equal} rows.
 *
 * @param deletedAt the key tombstone, or {@link Timestamp#MIN} when the key was never deleted
 */
public record Row(Timestamp deletedAt, NavigableMap<Bytes, Cell> cells) {
    public static final Row EMPTY = new Row(Timestamp.MIN, new CellMap());

    /**
     * A cell map that this class built and handed to the constructor, which can keep it without the
     * defensive copy it makes of any other map: nobody else holds it. Rows are built several times
     * per request (decode, stamp, merge), and the copy was a good part of what a request allocated.
     */
    private static final class CellMap extends TreeMap<Bytes, Cell> {
    }

    public Row {
        requireNonNull(deletedAt, "deletedAt is null");
        requireNonNull(cells, "cells is null");
        cells = Collections.unmodifiableNavigableMap(cells instanceof CellMap owned ? owned : new TreeMap<>(cells));
        for (Map.Entry<Bytes, Cell> entry : cells.entrySet()) {
            if (!entry.getKey().equals(entry.getValue().column())) {
                throw new IllegalArgumentException("cell " + entry.getValue() + " filed under " + entry.getKey());
            }
            if (entry.getValue().timestamp().compareTo(deletedAt) < 0) {
                throw new IllegalArgumentException("cell " + entry.getValue() + " is older than key tombstone " + deletedAt);
            }
        }
    }

    public static Row of(Timestamp deletedAt, List<Cell> cells) {
        CellMap map = new CellMap();
        for (Cell cell : cells) {
            map.merge(cell.column(), cell, Cell::reconcile);
        }
        map.values().removeIf(cell -> cell.timestamp().compareTo(deletedAt) < 0);
        return new Row(deletedAt, map);
    }

    public static Row of(Cell... cells) {
        return of(Timestamp.MIN, List.of(cells));
    }

    /** A SET: the key's old contents are replaced by one string cell, all at one timestamp. */
    public static Row replaceWithString(Bytes value, long expiresAtMillis, Timestamp timestamp) {
        Cell cell = new Cell(Cell.column(ColumnKind.STRING, Bytes.EMPTY), value, timestamp, expiresAtMillis);
        return of(timestamp, List.of(cell));
    }

    /** A SET for a coordinator to stamp: replaces whatever the key held. */
    public static Row set(Bytes value, long expiresAtMillis) {
        return replaceWithString(value, expiresAtMillis, Timestamp.PLACEHOLDER);
    }

    /** A DEL for a coordinator to stamp. */
    public static Row deletion() {
        return deleted(Timestamp.PLACEHOLDER);
    }

    /** A DEL: a key tombstone and nothing else. */
    public static Row deleted(Timestamp timestamp) {
        return new Row(timestamp, new CellMap());
    }

    public boolean isEmpty() {
        return cells.isEmpty() && deletedAt.equals(Timestamp.MIN);
    }

    /** The newest timestamp anywhere in this row, or {@link Timestamp#MIN} for an empty row. */
    public Timestamp newestTimestamp() {
        Timestamp newest = deletedAt;
        for (Cell cell : cells.values()) {
            newest = Timestamp.max(newest, cell.timestamp());
        }
        return newest;
    }

    /**
     * The same row with every timestamp set to {@code timestamp}: a client builds a mutation with
     * placeholder timestamps and its coordinator stamps it once, with one clock reading.
     */
    public Row withTimestamp(Timestamp timestamp) {
        CellMap stamped = new CellMap();
        for (Cell cell : cells.values()) {
            stamped.put(cell.column(), cell.withTimestamp(timestamp));
        }
        Timestamp tombstone = deletedAt.equals(Timestamp.MIN) ? Timestamp.MIN : timestamp;
        return new Row(tombstone, stamped);
    }

    /**
     * Whether merging this row over a stored row whose newest timestamp is {@code storedNewest}
     * yields this very row, so that storage can write it without reading the stored one: true when
     * this row's key tombstone is newer than everything stored, which it then shadows entirely.
     * Every SET and DEL carries such a tombstone, so over an older value this holds.
     */
    public boolean replacesEverythingUpTo(Timestamp storedNewest) {
        return deletedAt.isAfter(storedNewest);
    }

    /** The least upper bound of two rows: later key tombstone, per-column last write wins. */
    public static Row merge(Row a, Row b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty() || a == b) {
            return a;
        }
        Timestamp tombstone = Timestamp.max(a.deletedAt, b.deletedAt);
        CellMap merged = new CellMap();
        addSurvivors(merged, a.cells, tombstone);
        for (Cell cell : b.cells.values()) {
            if (cell.timestamp().compareTo(tombstone) >= 0) {
                merged.merge(cell.column(), cell, Cell::reconcile);
            }
        }
        return new Row(tombstone, merged);
    }

    private static void addSurvivors(TreeMap<Bytes, Cell> into, Map<Bytes, Cell> cells, Timestamp tombstone) {
        for (Cell cell : cells.values()) {
            if (cell.timestamp().compareTo(tombstone) >= 0) {
                into.put(cell.column(), cell);
            }
        }
    }

    /**
     * This row as a tombstone purge leaves it (D4): without the key tombstone and the cell tombstones
     * written before {@code purgeBeforeMillis} (physical time of their timestamps), and without cells
     * that expired before it (an expired cell is a tombstone in all but name: it still shadows older
     * versions of its column). What those tombstones shadowed is already gone, because merge drops
     * shadowed cells. Returns this very row when nothing is purgeable, and {@link #EMPTY} when nothing
     * is left.
     *
     * <p>Only safe once every replica holds the tombstones: see docs/healing.md on the grace period.
     */
    public Row purge(long purgeBeforeMillis) {
        boolean keyTombstoneGoes = !deletedAt.equals(Timestamp.MIN) && deletedAt.physicalMillis() < purgeBeforeMillis;
        boolean cellGoes = false;
        for (Cell cell : cells.values()) {
            cellGoes |= cell.isPurgeable(purgeBeforeMillis);
        }
        if (!keyTombstoneGoes && !cellGoes) {
            return this;
        }
        CellMap kept = new CellMap();
        for (Cell cell : cells.values()) {
            if (!cell.isPurgeable(purgeBeforeMillis)) {
                kept.put(cell.column(), cell);
            }
        }
        Row purged = new Row(keyTombstoneGoes ? Timestamp.MIN : deletedAt, kept);
        return purged.isEmpty() ? EMPTY : purged;
    }

    /** The cells a read sees at {@code nowMillis}: no tombstones, nothing expired. */
    public NavigableMap<Bytes, Cell> liveCells(long nowMillis) {
        TreeMap<Bytes, Cell> live = new TreeMap<>(); // The caller's to keep and change: not a CellMap.
        for (Cell cell : cells.values()) {
            if (cell.isLive(nowMillis)) {
                live.put(cell.column(), cell);
            }
        }
        return live;
    }

    /** The Redis type the key has at {@code nowMillis}, or {@code null} when it does not exist. */
    public ColumnKind liveKind(long nowMillis) {
        for (Cell cell : cells.values()) {
            if (cell.isLive(nowMillis)) {
                return cell.kind();
            }
        }
        return null;
    }

    /** A 64-bit digest of the whole row (FNV-1a), equal on replicas that hold equal rows. */
    public long digest() {
        long hash = 0xcbf29ce484222325L;
        hash = mix(hash, deletedAt.time());
        hash = mix(hash, deletedAt.node());
        for (Iterator<Cell> it = cells.values().iterator(); it.hasNext(); ) {
            Cell cell = it.next();
            hash = mix(hash, cell.column().arrayUnsafe());
            hash = mix(hash, cell.value() == null ? -1 : cell.value().length());
            if (cell.value() != null) {
                hash = mix(hash, cell.value().arrayUnsafe());
            }
            hash = mix(hash, cell.timestamp().time());
            hash = mix(hash, cell.timestamp().node());
            hash = mix(hash, cell.expiresAtMillis());
        }
        return hash;
    }

    private static long mix(long hash, long value) {
        for (int i = 0; i < 8; i++) {
            hash ^= (value >>> (8 * i)) & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long mix(long hash, byte[] bytes) {
        hash = mix(hash, bytes.length);
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row that && deletedAt.equals(that.deletedAt) && cells.equals(that.cells);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deletedAt, cells);
    }

    @Override
    public String toString() {
        return "Row{deletedAt=" + deletedAt + ", cells=" + cells.values() + "}";
    }
}
