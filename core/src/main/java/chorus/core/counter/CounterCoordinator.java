package chorus.core.counter;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.model.Cell;
import chorus.core.model.ColumnKind;
import chorus.core.model.Mutation;
import chorus.core.model.PnCounter;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.port.Callback;
import chorus.core.replication.ReadCoordinator;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteCoordinator;
import chorus.core.replication.WriteResult;
import chorus.core.time.HybridLogicalClock;
import chorus.core.topology.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * Increments counters (INCR and friends) as PN-counter CRDTs (D4): every node that coordinates an
 * increment adds it to its own shard of the key, so increments through different nodes never
 * conflict, even across a partition, and all count once replicas merge.
 *
 * <p>An increment reads the key at the requested level first, which gives the counter's current
 * value to answer with and this node's shard as the replicas last stored it. The new shard is
 * the larger of that and what this node remembers, plus the delta, stamped with this node's
 * clock and never restamped, so this node's shard versions are ordered by the order it issued
 * them. Increments through one node are computed one after another on its thread, from its
 * memory, so concurrent ones never overwrite each other. A key deleted after this node last
 * wrote its shard starts again from zero.
 */
public final class CounterCoordinator {
    private static final int REMEMBERED_SHARDS_MAX = 100_000;

    private final NodeId self;
    private final HybridLogicalClock clock;
    private final ReadCoordinator reads;
    private final WriteCoordinator writes;
    private final Map<RowKey, Cell> ownShards = new HashMap<>();

    public CounterCoordinator(NodeId self, HybridLogicalClock clock, ReadCoordinator reads, WriteCoordinator writes) {
        this.self = self;
        this.clock = clock;
        this.reads = reads;
        this.writes = writes;
    }

    /** The key's expiry: 0 if any live cell never expires, else the latest expiry among them. */
    private static long expiry(Row row, long nowMillis) {
        long latest = 0;
        for (Cell cell : row.liveCells(nowMillis).values()) {
            if (cell.expiresAtMillis() == 0) {
                return 0;
            }
            latest = Math.max(latest, cell.expiresAtMillis());
        }
        return latest;
    }

    public void increment(RowKey key, long delta, ConsistencyLevel level, long nowMillis, Callback<CounterResult> client) {
        reads.read(key, level, read -> {
            if (read instanceof ReadResult.Failed failed) {
                client.completed(new CounterResult.Failed(failed.code(), failed.message()));
                return;
            }
            Row current = ((ReadResult.Success) read).row();
            ColumnKind kind = current.liveKind(nowMillis);
            if (kind != null && kind != ColumnKind.COUNTER_SHARD) {
                client.completed(new CounterResult.Failed(ErrorCode.WRONG_TYPE,
                        "Operation against a key holding the wrong kind of value"));
                return;
            }
            applyIncrement(key, delta, level, current, nowMillis, client);
        });
    }

    private void applyIncrement(RowKey key, long delta, ConsistencyLevel level, Row current, long nowMillis,
                                Callback<CounterResult> client) {
        Bytes column = PnCounter.shardColumn(self);
        Cell stored = current.cells().get(column);
        boolean storedLive = stored != null && stored.isLive(nowMillis);
        PnCounter.Shard storedShard = storedLive ? PnCounter.Shard.decode(stored.value()) : PnCounter.Shard.ZERO;
        PnCounter.Shard base = storedShard;
        Cell remembered = ownShards.get(key);
        // An expired shard (the key's TTL passed) counts from zero again, like the key it belongs to;
        // what this node remembers counts only if it is not older than an expired stored version.
        if (remembered != null && remembered.timestamp().compareTo(current.deletedAt()) >= 0
                && remembered.isLive(nowMillis)
                && (stored == null || storedLive || remembered.timestamp().compareTo(stored.timestamp()) > 0)) {
            base = PnCounter.Shard.merge(base, PnCounter.Shard.decode(remembered.value()));
        }
        long before = PnCounter.value(current, nowMillis) - storedShard.value() + base.value();
        long after;
        try {
            after = Math.addExact(before, delta);
        } catch (ArithmeticException e) {
            client.completed(new CounterResult.Failed(ErrorCode.BAD_REQUEST, "increment or decrement would overflow"));
            return;
        }
        PnCounter.Shard next = base.plus(delta);
        clock.observe(current.newestTimestamp());
        Timestamp stamp = clock.now();
        // INCR keeps the key's TTL (as in Redis): the shard gets the expiry the key's live cells have.
        Cell shard = new Cell(column, next.encode(), stamp, expiry(current, nowMillis));
        if (ownShards.size() >= REMEMBERED_SHARDS_MAX) {
            ownShards.clear(); // Safe: a forgotten shard is read back from the replicas next time.
        }
        ownShards.put(key, shard);
        writes.writeStamped(new Mutation(key, Row.of(shard)), level, written -> {
            if (written instanceof WriteResult.Failed failed) {
                client.completed(new CounterResult.Failed(failed.code(), failed.message()));
            } else {
                client.completed(new CounterResult.Success(after));
            }
        });
    }
}
