package chorus.sim;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.port.Callback;
import chorus.core.port.KeyValue;
import chorus.core.port.PurgeResult;
import chorus.core.port.StorageEngine;
import chorus.core.port.StorageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * An in-memory storage engine with the crash semantics of a disk: a batch becomes durable, and
 * visible, only when its simulated sync completes; a crash loses every batch whose sync had not
 * completed, and no completion from before the crash is ever delivered. Syncs complete in
 * submission order, like a write-ahead log. I/O can be slow, and can fail, when the fault plan
 * says so.
 */
final class SimStorage implements StorageEngine {
    private final Simulation simulation;
    private final SplittableRandom random;
    private final FaultPlan faults;
    private final Map<String, TreeMap<Integer, TreeMap<Bytes, Row>>> data = new TreeMap<>();
    private final TreeMap<Bytes, Bytes> state = new TreeMap<>();
    private final TreeMap<Bytes, Bytes> hints = new TreeMap<>();
    private long incarnation;
    private long lastSyncNanos;
    private long applies;

    SimStorage(Simulation simulation, SplittableRandom random, FaultPlan faults) {
        this.simulation = simulation;
        this.random = random;
        this.faults = faults;
    }

    /** Loses everything not yet synced: pending completions are never delivered or applied. */
    void crash() {
        incarnation++;
        lastSyncNanos = simulation.nowNanos();
    }

    @Override
    public void apply(List<Mutation> batch, Callback<StorageResult<Timestamp>> done) {
        applyWithState(batch, null, null, done);
    }

    @Override
    public void applyWithState(List<Mutation> batch, Bytes stateKey, Bytes stateValue,
                               Callback<StorageResult<Timestamp>> done) {
        List<Mutation> copy = List.copyOf(batch);
        long syncAt = Math.max(lastSyncNanos, simulation.nowNanos() + ioLatencyNanos());
        lastSyncNanos = syncAt;
        boolean fails = random.nextDouble() < faults.storageFailureRate();
        completeLater(syncAt - simulation.nowNanos(), () -> {
            if (fails) {
                done.completed(StorageResult.failed("simulated I/O error"));
                return;
            }
            Timestamp newestBefore = Timestamp.MIN;
            for (Mutation mutation : copy) {
                newestBefore = Timestamp.max(newestBefore, row(mutation.key()).newestTimestamp());
                merge(mutation);
            }
            if (stateKey != null) {
                state.put(stateKey, stateValue);
            }
            applies++;
            done.completed(StorageResult.ok(newestBefore));
        });
    }

    @Override
    public void read(RowKey key, Callback<StorageResult<Row>> done) {
        completeLater(readLatencyNanos(), () -> done.completed(StorageResult.ok(row(key))));
    }

    @Override
    public void scan(String keyspace, int slot, Bytes fromKey, int limit, Callback<StorageResult<List<Mutation>>> done) {
        completeLater(readLatencyNanos(), () -> {
            List<Mutation> rows = new ArrayList<>();
            TreeMap<Bytes, Row> slotRows = data.getOrDefault(keyspace, new TreeMap<>()).get(slot);
            if (slotRows != null) {
                for (Map.Entry<Bytes, Row> entry : slotRows.tailMap(fromKey, true).entrySet()) {
                    if (rows.size() >= limit) {
                        break;
                    }
                    rows.add(new Mutation(new RowKey(keyspace, entry.getKey()), entry.getValue()));
                }
            }
            done.completed(StorageResult.ok(rows));
        });
    }

    @Override
    public void purge(String keyspace, int fromSlot, Bytes fromKey, int limit, long purgeBeforeMillis,
                      Callback<StorageResult<PurgeResult>> done) {
        // A write like any other: durable, in log order, when its simulated sync completes; a crash loses it.
        long syncAt = Math.max(lastSyncNanos, simulation.nowNanos() + ioLatencyNanos());
        lastSyncNanos = syncAt;
        completeLater(syncAt - simulation.nowNanos(),
                () -> done.completed(StorageResult.ok(purgeNow(keyspace, fromSlot, fromKey, limit, purgeBeforeMillis))));
    }

    private PurgeResult purgeNow(String keyspace, int fromSlot, Bytes fromKey, int limit, long purgeBeforeMillis) {
        int examined = 0;
        int changed = 0;
        for (Map.Entry<Integer, TreeMap<Bytes, Row>> slot
                : data.getOrDefault(keyspace, new TreeMap<>()).tailMap(fromSlot, true).entrySet()) {
            TreeMap<Bytes, Row> rows = slot.getValue();
            Bytes start = slot.getKey() == fromSlot ? fromKey : Bytes.EMPTY;
            for (Map.Entry<Bytes, Row> entry : new ArrayList<>(rows.tailMap(start, true).entrySet())) {
                if (examined == limit) {
                    return new PurgeResult(examined, changed, slot.getKey(), entry.getKey());
                }
                examined++;
                Row purged = entry.getValue().purge(purgeBeforeMillis);
                if (purged != entry.getValue()) {
                    changed++;
                    if (purged.isEmpty()) {
                        rows.remove(entry.getKey());
                    } else {
                        rows.put(entry.getKey(), purged);
                    }
                }
            }
        }
        return PurgeResult.last(examined, changed);
    }

    @Override
    public void putState(Bytes key, Bytes value, Callback<StorageResult<Void>> done) {
        long syncAt = Math.max(lastSyncNanos, simulation.nowNanos() + ioLatencyNanos());
        lastSyncNanos = syncAt;
        completeLater(syncAt - simulation.nowNanos(), () -> {
            state.put(key, value);
            done.completed(StorageResult.ok(null));
        });
    }

    @Override
    public void getState(Bytes key, Callback<StorageResult<Bytes>> done) {
        completeLater(readLatencyNanos(), () -> done.completed(StorageResult.ok(state.get(key))));
    }

    @Override
    public void putHint(Bytes key, Bytes value, Callback<StorageResult<Void>> done) {
        writeLater(() -> hints.put(key, value), done);
    }

    @Override
    public void deleteHint(Bytes key, Callback<StorageResult<Void>> done) {
        writeLater(() -> hints.remove(key), done);
    }

    @Override
    public void scanHints(Bytes prefix, int limit, Callback<StorageResult<List<KeyValue>>> done) {
        completeLater(readLatencyNanos(), () -> {
            List<KeyValue> entries = new ArrayList<>();
            for (Map.Entry<Bytes, Bytes> entry : hints.tailMap(prefix, true).entrySet()) {
                if (entries.size() >= limit || !startsWith(entry.getKey(), prefix)) {
                    break;
                }
                entries.add(new KeyValue(entry.getKey(), entry.getValue()));
            }
            done.completed(StorageResult.ok(entries));
        });
    }

    /** A write that becomes durable, in log order, when its simulated sync completes. */
    private void writeLater(Runnable write, Callback<StorageResult<Void>> done) {
        long syncAt = Math.max(lastSyncNanos, simulation.nowNanos() + ioLatencyNanos());
        lastSyncNanos = syncAt;
        completeLater(syncAt - simulation.nowNanos(), () -> {
            write.run();
            done.completed(StorageResult.ok(null));
        });
    }

    private static boolean startsWith(Bytes key, Bytes prefix) {
        if (key.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (key.byteAt(i) != prefix.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Hints stored now, for checkers. */
    int hintCount() {
        return hints.size();
    }

    /** The durable rows of one slot, in key order, for checkers; never used by the node under test. */
    TreeMap<Bytes, Row> slotRows(String keyspace, int slot) {
        TreeMap<Integer, TreeMap<Bytes, Row>> slots = data.get(keyspace);
        TreeMap<Bytes, Row> rows = slots == null ? null : slots.get(slot);
        return rows == null ? new TreeMap<>() : new TreeMap<>(rows);
    }

    /** The durable row, for checkers; never used by the node under test. */
    Row row(RowKey key) {
        TreeMap<Integer, TreeMap<Bytes, Row>> slots = data.get(key.keyspace());
        TreeMap<Bytes, Row> rows = slots == null ? null : slots.get(key.slot());
        Row row = rows == null ? null : rows.get(key.key());
        return row == null ? Row.EMPTY : row;
    }

    long appliedBatches() {
        return applies;
    }

    private void merge(Mutation mutation) {
        if (mutation.row().isEmpty()) {
            return; // Like RocksDB: merging nothing stores nothing, so scans never see empty rows.
        }
        RowKey key = mutation.key();
        TreeMap<Bytes, Row> rows = data.computeIfAbsent(key.keyspace(), name -> new TreeMap<>())
                .computeIfAbsent(key.slot(), slot -> new TreeMap<>());
        rows.merge(key.key(), mutation.row(), Row::merge);
    }

    private void completeLater(long delayNanos, Runnable completion) {
        long submittedIn = incarnation;
        simulation.schedule(delayNanos, () -> {
            if (incarnation == submittedIn) {
                completion.run();
            }
        });
    }

    private long ioLatencyNanos() {
        long base = 100_000 + random.nextLong(900_000);
        return random.nextDouble() < faults.slowIoRate() ? base + random.nextLong(200_000_000) : base;
    }

    private long readLatencyNanos() {
        return 20_000 + random.nextLong(200_000);
    }
}
