package chorus.core.antientropy;

import chorus.api.Bytes;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeContext;
import chorus.core.node.NodeEnvironment;
import chorus.core.port.Callback;
import chorus.core.port.Cancellable;
import chorus.core.port.PurgeResult;
import chorus.core.port.StorageResult;
import chorus.core.topology.Slots;
import chorus.core.topology.Topology;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background sweep that purges tombstones (D4) on one node: every sweep interval it walks every
 * keyspace through {@link chorus.core.port.StorageEngine#purge}, a page of rows at a time, and
 * drops tombstones and expired cells older than its start time minus {@code tombstoneGrace}.
 *
 * <p>Why a grace period: a tombstone may go only once every replica holds it. Repair is what makes
 * sure of that, so the grace period must be longer than the interval between two repairs of a slot;
 * a replica that missed a delete and is not repaired within the grace period brings the deleted
 * value back (docs/healing.md). Each node sweeps on its own clock; replicas need not agree on when,
 * because repair leaves purgeable tombstones out of its Merkle trees.
 *
 * <p>One page is in flight at a time, so a sweep never floods the storage queue; the sweep interval
 * is a quarter of the grace period, at least a second and at most an hour, so a tombstone outlives
 * its grace period by at most a quarter of it.
 */
public final class TombstonePurge {
    private static final Logger LOG = LoggerFactory.getLogger(TombstonePurge.class);
    static final int PAGE_ROWS = 1_000;
    private static final Duration INTERVAL_MIN = Duration.ofSeconds(1);
    private static final Duration INTERVAL_MAX = Duration.ofHours(1);

    private final NodeEnvironment environment;
    private final Topology topology;
    private final Duration grace;
    private final Duration interval;
    private Cancellable next = Cancellable.NONE;
    private boolean sweeping;
    private boolean stopped;
    private long sweepsDone;
    private long rowsPurged;

    public TombstonePurge(NodeContext context) {
        this.environment = context.environment();
        this.topology = context.topology();
        this.grace = context.config().healing().tombstoneGrace();
        this.interval = sweepInterval(grace);
    }

    /** A quarter of the grace period, within one second and one hour. */
    static Duration sweepInterval(Duration grace) {
        Duration quarter = grace.dividedBy(4);
        return quarter.compareTo(INTERVAL_MIN) < 0 ? INTERVAL_MIN : quarter.compareTo(INTERVAL_MAX) > 0 ? INTERVAL_MAX
                : quarter;
    }

    /** Schedules the sweeps; the first runs one interval from now (a node that just started has other work). */
    public void start() {
        next = environment.scheduler().schedule(interval, () -> sweep(result -> { }));
    }

    /** Stops scheduling sweeps; a page in flight completes and nothing follows it. */
    public void stop() {
        stopped = true;
        next.cancel();
    }

    /**
     * Runs one sweep now (unless one is running), then keeps the schedule; {@code done} hears the rows
     * this sweep changed, or -1 when a sweep was already running.
     */
    public void sweep(Callback<Long> done) {
        if (sweeping || stopped) {
            done.completed(-1L);
            return;
        }
        sweeping = true;
        next.cancel();
        long purgeBeforeMillis = Math.max(0, environment.clock().wallMillis() - grace.toMillis());
        new Sweep(topology.keyspaces(), purgeBeforeMillis, done).page(0, 0, Bytes.EMPTY);
    }

    /** Completed sweeps since start, for status and tests. */
    public long sweepsDone() {
        return sweepsDone;
    }

    /** Rows changed by purges since start, for status and tests. */
    public long rowsPurged() {
        return rowsPurged;
    }

    /** One walk over every keyspace, in (slot, key) order. */
    private final class Sweep {
        final List<Keyspace> keyspaces;
        final long purgeBeforeMillis;
        final Callback<Long> done;
        long examined;
        long changed;
        int failedPages;

        Sweep(List<Keyspace> keyspaces, long purgeBeforeMillis, Callback<Long> done) {
            this.keyspaces = List.copyOf(keyspaces);
            this.purgeBeforeMillis = purgeBeforeMillis;
            this.done = done;
        }

        void page(int keyspace, int slot, Bytes fromKey) {
            if (stopped) {
                return;
            }
            if (keyspace == keyspaces.size()) {
                finish();
                return;
            }
            environment.storage().purge(keyspaces.get(keyspace).name(), slot, fromKey, PAGE_ROWS, purgeBeforeMillis,
                    result -> onPage(keyspace, slot, result));
        }

        void onPage(int keyspace, int slot, StorageResult<PurgeResult> result) {
            if (result instanceof StorageResult.Ok<PurgeResult> ok) {
                examined += ok.value().rowsExamined();
                changed += ok.value().rowsChanged();
                rowsPurged += ok.value().rowsChanged();
                if (!ok.value().finished()) {
                    page(keyspace, ok.value().resumeSlot(), ok.value().resumeKey());
                    return;
                }
                page(keyspace + 1, 0, Bytes.EMPTY);
            } else {
                // Skip the slot the page started in: the next sweep tries it again, and a purge that did not
                // happen is no harm; a page that fails for good must not stop the sweep.
                failedPages++;
                boolean lastSlot = slot == Slots.COUNT - 1;
                page(lastSlot ? keyspace + 1 : keyspace, lastSlot ? 0 : slot + 1, Bytes.EMPTY);
            }
        }

        void finish() {
            sweeping = false;
            sweepsDone++;
            if (changed > 0 || failedPages > 0) {
                LOG.info("{} purged tombstones rows={} examined={} failedPages={} before={}", environment.self(),
                        changed, examined, failedPages, purgeBeforeMillis);
            }
            next = environment.scheduler().schedule(interval, () -> sweep(ignored -> { }));
            done.completed(changed);
        }
    }
}
