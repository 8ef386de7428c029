package chorus.core.antientropy;

import chorus.api.Bytes;
import chorus.core.codec.WireReader;
import chorus.core.codec.WireWriter;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeEnvironment;
import chorus.core.port.StorageResult;
import chorus.core.topology.SlotTable;
import chorus.core.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled background repair (D8): once every {@code repairInterval} each node repairs, in every
 * keyspace, the slots it is the first replica of. Every slot has exactly one first replica, so
 * together the nodes repair every slot once per interval, each slot coordinated by one node, and no
 * operator has to remember to run {@code chorus repair}.
 *
 * <p><b>Pacing.</b> A round is a paced {@link RepairCoordinator#repair(String, List, boolean,
 * chorus.core.port.Callback)}: one slot at a time, then a pause as long as that slot took, so
 * background repair keeps its replicas' storage busy at most about half the time and slows down by
 * itself when client traffic makes slots slower.
 *
 * <p><b>Across restarts.</b> The start time of the last completed round is kept in the node's
 * state, and the next round is due one interval after it: a node that restarts more often than the
 * interval still repairs. A node that has never completed a round waits one interval first (a new
 * cluster has nothing to repair). A slot whose replica is down fails and waits for the next round;
 * {@code tombstone-grace} must exceed the interval so that a tombstone reaches every replica before
 * any replica purges it (docs/healing.md).
 *
 * <p>Not thread-safe: owned by the node thread.
 */
public final class RepairScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(RepairScheduler.class);
    private static final Bytes LAST_ROUND_KEY = Bytes.utf8("repair.lastRoundStartedMillis");

    private final NodeEnvironment environment;
    private final Topology topology;
    private final RepairCoordinator repairs;
    private final Duration interval;
    private final BooleanSupplier stopped;
    private long roundsCompleted;

    public RepairScheduler(NodeEnvironment environment, Topology topology, RepairCoordinator repairs,
                           Duration interval, BooleanSupplier stopped) {
        this.environment = environment;
        this.topology = topology;
        this.repairs = repairs;
        this.interval = interval;
        this.stopped = stopped;
    }

    /** Schedules the first round, unless scheduled repair is off (a zero interval). Call once, on the node thread. */
    public void start() {
        if (interval.isZero()) {
            return;
        }
        environment.storage().getState(LAST_ROUND_KEY, stored -> {
            long last = stored instanceof StorageResult.Ok<Bytes> ok && ok.value() != null && ok.value().length() == 8
                    ? new WireReader(ok.value().arrayUnsafe()).readLong() : -1;
            long dueInMillis = last < 0 ? interval.toMillis()
                    : last + interval.toMillis() - environment.clock().wallMillis();
            // Never further than one interval away, even if the wall clock jumped back since the last round.
            dueInMillis = Math.max(0, Math.min(dueInMillis, interval.toMillis()));
            LOG.info("{} scheduled repair every {}; next round in {}", environment.self(), interval,
                    Duration.ofMillis(dueInMillis));
            environment.scheduler().schedule(Duration.ofMillis(dueInMillis), this::startRound);
        });
    }

    /** Rounds this node has completed since it started. */
    public long roundsCompleted() {
        return roundsCompleted;
    }

    private void startRound() {
        if (stopped.getAsBoolean()) {
            return;
        }
        List<Keyspace> keyspaces = topology.keyspaces();
        Round round = new Round(environment.clock().wallMillis(), environment.clock().monotonicNanos());
        LOG.info("{} scheduled repair round started keyspaces={}", environment.self(), keyspaces.size());
        repairKeyspace(round, keyspaces, 0);
    }

    private void repairKeyspace(Round round, List<Keyspace> keyspaces, int index) {
        if (stopped.getAsBoolean()) {
            return;
        }
        if (index == keyspaces.size()) {
            finishRound(round);
            return;
        }
        Keyspace keyspace = keyspaces.get(index);
        List<Integer> led = ledSlots(keyspace);
        repairs.repair(keyspace.name(), led, true, progress -> {
            if (progress.finished()) {
                round.add(progress);
                repairKeyspace(round, keyspaces, index + 1);
            }
        });
    }

    /** The slots of {@code keyspace} whose first replica is this node, ascending. */
    private List<Integer> ledSlots(Keyspace keyspace) {
        List<Integer> led = new ArrayList<>();
        SlotTable table = topology.slotTable(keyspace);
        for (int slot : table.slotsOf(environment.self())) {
            if (table.preferred(slot).equals(environment.self())) {
                led.add(slot);
            }
        }
        return led;
    }

    private void finishRound(Round round) {
        roundsCompleted++;
        Duration took = Duration.ofNanos(environment.clock().monotonicNanos() - round.startedNanos);
        LOG.info("{} scheduled repair round finished slots={} inSync={} failed={} rowsStreamed={} bytesStreamed={}"
                        + " tookMillis={}{}", environment.self(), round.slots, round.inSync, round.failed, round.rows,
                round.bytes, took.toMillis(), round.firstFailure.isEmpty() ? "" : " firstFailure=" + round.firstFailure);
        environment.storage().putState(LAST_ROUND_KEY,
                Bytes.wrapUnsafe(new WireWriter(8).writeLong(round.startedMillis).toByteArray()), written -> { });
        Duration next = interval.minus(took);
        environment.scheduler().schedule(next.isNegative() ? Duration.ZERO : next, this::startRound);
    }

    /** The counters of one round, over its keyspaces. */
    private static final class Round {
        final long startedMillis;
        final long startedNanos;
        int slots;
        int inSync;
        int failed;
        long rows;
        long bytes;
        String firstFailure = "";

        Round(long startedMillis, long startedNanos) {
            this.startedMillis = startedMillis;
            this.startedNanos = startedNanos;
        }

        void add(RepairProgress progress) {
            slots += progress.slotsTotal();
            inSync += progress.slotsInSync();
            failed += progress.slotsFailed();
            rows += progress.rowsStreamed();
            bytes += progress.bytesStreamed();
            firstFailure = firstFailure.isEmpty() ? progress.firstFailure() : firstFailure;
        }
    }
}
