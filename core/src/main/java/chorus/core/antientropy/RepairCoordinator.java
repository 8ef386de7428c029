package chorus.core.antientropy;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.core.codec.RowCodec;
import chorus.core.membership.FailureDetector;
import chorus.core.message.Message;
import chorus.core.message.MerkleTreeRequest;
import chorus.core.message.MerkleTreeResponse;
import chorus.core.message.MutationAck;
import chorus.core.message.RepairRowsRequest;
import chorus.core.message.RepairRowsResponse;
import chorus.core.message.RepairStream;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.node.DeliberateBug;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.node.NodeContext;
import chorus.core.node.NodeEnvironment;
import chorus.core.node.Outbox;
import chorus.core.port.Callback;
import chorus.core.port.Cancellable;
import chorus.core.replication.Requests;
import chorus.core.topology.NodeId;
import chorus.core.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinates anti-entropy repair (D8): for each slot in turn, a {@link Session} asks every replica
 * for its Merkle tree, and when the trees differ asks for the rows of the differing leaves only,
 * merges them per key ({@link Row#merge}) and streams to each replica just the rows it lacks or holds
 * an older version of, page by page in key order ({@code repairRowsMax} rows per replica and page).
 * Each replica ends with the merge of all replicas' rows (as they were when their pages were read).
 *
 * <p>Every request has a timeout; a slot whose replica is down or silent is counted as failed and
 * the repair goes on with the next slot. Slots are repaired one at a time per repair, so memory is
 * bounded by one page of differing rows ({@code repairRowsMax} per replica).
 *
 * <p>Tombstones: rows keep their tombstones (nothing purges them yet). A purge after a grace period
 * is safe only if every replica has received the tombstone before it is purged anywhere, which a
 * repair completed within the grace period guarantees; hence the grace period must exceed the
 * interval between repairs (Cassandra's gc_grace_seconds). See docs/healing.md.
 */
public final class RepairCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(RepairCoordinator.class);
    private static final int STREAM_BATCH_ROWS = 100;
    /** The shortest pause between two slots of a paced repair. */
    public static final Duration PACED_PAUSE_MIN = Duration.ofMillis(10);

    private final NodeEnvironment environment;
    private final NodeConfig config;
    private final Topology topology;
    private final FailureDetector liveness;
    private final Outbox outbox;
    private final Requests requests;
    private final Map<Long, BiConsumer<NodeId, Message>> handlers = new HashMap<>();

    public RepairCoordinator(NodeContext context) {
        this.environment = context.environment();
        this.config = context.config();
        this.topology = context.topology();
        this.liveness = context.liveness();
        this.outbox = context.outbox();
        this.requests = context.requests();
    }

    /**
     * Repairs {@code slots} of {@code keyspace} one after another; {@code progress} hears after every
     * slot, and last with {@link RepairProgress#finished()} true.
     */
    public void repair(String keyspace, List<Integer> slots, Callback<RepairProgress> progress) {
        repair(keyspace, slots, false, progress);
    }

    /**
     * Like {@link #repair(String, List, Callback)}; when {@code paced}, waits after each slot as long as
     * the slot took (at least {@link #PACED_PAUSE_MIN}), so that a background repair keeps the replicas
     * busy at most about half the time and backs off by itself when they are slow because of client load.
     */
    public void repair(String keyspace, List<Integer> slots, boolean paced, Callback<RepairProgress> progress) {
        Keyspace space = topology.keyspace(keyspace).orElse(null);
        if (space == null) {
            progress.completed(new RepairProgress(keyspace, slots.size(), 0, 0, slots.size(), 0, 0, true,
                    "unknown keyspace '" + keyspace + "'"));
            return;
        }
        Job job = new Job(space, List.copyOf(slots), paced, progress);
        LOG.info("{} repair started keyspace={} slots={}", environment.self(), keyspace, slots.size());
        job.next();
    }

    /** What one streamed row counts toward {@link RepairProgress#bytesStreamed()}: its key and its encoded row. */
    static long streamedSize(Mutation row) {
        return row.key().key().length() + RowCodec.encode(row.row()).length;
    }

    public void onTreeResponse(NodeId from, MerkleTreeResponse response) {
        route(from, response.requestId(), response);
    }

    public void onRowsResponse(NodeId from, RepairRowsResponse response) {
        route(from, response.requestId(), response);
    }

    private void route(NodeId from, long requestId, Message message) {
        BiConsumer<NodeId, Message> handler = handlers.get(requestId);
        if (handler != null) {
            handler.accept(from, message);
        }
    }

    /** One repair: its slots, in order, and its counters. */
    private final class Job {
        final Keyspace keyspace;
        final List<Integer> slots;
        final Callback<RepairProgress> progress;
        final boolean paced;
        long slotStartedNanos;
        int index;
        int done;
        int inSync;
        int failed;
        long rows;
        long bytes;
        String firstFailure = "";

        Job(Keyspace keyspace, List<Integer> slots, boolean paced, Callback<RepairProgress> progress) {
            this.keyspace = keyspace;
            this.slots = slots;
            this.paced = paced;
            this.progress = progress;
        }

        void next() {
            if (index >= slots.size()) {
                LOG.info("{} repair finished keyspace={} slots={} inSync={} failed={} rowsStreamed={} bytesStreamed={}",
                        environment.self(), keyspace.name(), slots.size(), inSync, failed, rows, bytes);
                progress.completed(snapshot(true));
                return;
            }
            int slot = slots.get(index++);
            slotStartedNanos = environment.clock().monotonicNanos();
            new Session(this, slot).start();
        }

        void slotFinished(boolean ok, boolean wasInSync, String failure) {
            if (ok) {
                done++;
                inSync += wasInSync ? 1 : 0;
            } else {
                failed++;
                firstFailure = firstFailure.isEmpty() ? failure : firstFailure;
            }
            progress.completed(snapshot(false));
            // Through the scheduler: a long run of slots that fail at once must not grow the stack.
            Duration pause = Duration.ZERO;
            if (paced) {
                Duration took = Duration.ofNanos(environment.clock().monotonicNanos() - slotStartedNanos);
                pause = took.compareTo(PACED_PAUSE_MIN) > 0 ? took : PACED_PAUSE_MIN;
            }
            environment.scheduler().schedule(pause, this::next);
        }

        RepairProgress snapshot(boolean finished) {
            return new RepairProgress(keyspace.name(), slots.size(), done, inSync, failed, rows, bytes, finished,
                    firstFailure);
        }
    }

    /** The repair of one slot between its replicas. */
    private final class Session {
        final Job job;
        final int slot;
        final int depth = config.healing().merkleDepth();
        final List<NodeId> replicas;
        final List<Long> requestIds = new ArrayList<>();
        Cancellable timeout = Cancellable.NONE;
        boolean finished;

        Session(Job job, int slot) {
            this.job = job;
            this.slot = slot;
            this.replicas = topology.slotTable(job.keyspace).replicas(slot);
        }

        void start() {
            List<NodeId> alive = liveness.alive(replicas);
            if (alive.size() < replicas.size()) {
                List<NodeId> down = replicas.stream().filter(replica -> !alive.contains(replica)).toList();
                fail("replicas " + down + " are down");
                return;
            }
            askTrees();
        }

        void askTrees() {
            Map<NodeId, MerkleTree> trees = new TreeMap<>();
            // Purgeable tombstones stay out of the trees: whether a replica has swept them yet is no difference.
            long purgeBeforeMillis = Math.max(0,
                    environment.clock().wallMillis() - config.healing().tombstoneGrace().toMillis());
            String keyspace = job.keyspace.name();
            ask((id, replica) -> new MerkleTreeRequest(id, keyspace, slot, depth, purgeBeforeMillis), (from, message) -> {
                MerkleTreeResponse response = (MerkleTreeResponse) message;
                if (!response.ok() || response.leaves().size() != 1 << depth) {
                    fail(from + " could not build its Merkle tree" + (response.ok() ? " of depth " + depth
                            : " (storage error)"));
                    return;
                }
                trees.put(from, MerkleTree.ofLeaves(depth, response.leaves()));
                if (trees.size() == replicas.size()) {
                    List<Integer> differing = MerkleTree.differingLeaves(new ArrayList<>(trees.values()));
                    if (differing.isEmpty()) {
                        finish(true, true);
                    } else {
                        askRows(differing, Bytes.EMPTY);
                    }
                }
            });
        }

        /** One page of the differing leaves' rows from every replica, from {@code fromKey} on. */
        void askRows(List<Integer> differing, Bytes fromKey) {
            Map<NodeId, RepairRowsResponse> pages = new TreeMap<>();
            ask((id, replica) -> new RepairRowsRequest(id, job.keyspace.name(), slot, depth, differing, fromKey,
                    config.healing().repairRowsMax()), (from, message) -> {
                RepairRowsResponse response = (RepairRowsResponse) message;
                if (!response.ok()) {
                    fail(from + " could not read the rows of the differing leaves (storage error)");
                    return;
                }
                pages.put(from, response);
                if (pages.size() == replicas.size()) {
                    onPages(differing, pages);
                }
            });
        }

        /**
         * Merges one page. A replica whose page was cut short has told nothing about keys after its
         * last one, so this page covers keys up to the smallest such last key; the next page starts after it.
         */
        void onPages(List<Integer> differing, Map<NodeId, RepairRowsResponse> pages) {
            Bytes pageEnd = null;
            for (RepairRowsResponse page : pages.values()) {
                if (!page.complete()) {
                    Bytes last = page.rows().get(page.rows().size() - 1).key().key();
                    pageEnd = pageEnd == null || last.compareTo(pageEnd) < 0 ? last : pageEnd;
                }
            }
            Map<NodeId, Map<Bytes, Row>> held = new TreeMap<>();
            TreeMap<Bytes, Row> merged = new TreeMap<>();
            for (Map.Entry<NodeId, RepairRowsResponse> entry : pages.entrySet()) {
                Map<Bytes, Row> rows = new TreeMap<>();
                for (Mutation row : entry.getValue().rows()) {
                    if (pageEnd == null || row.key().key().compareTo(pageEnd) <= 0) {
                        rows.put(row.key().key(), row.row());
                        merged.merge(row.key().key(), row.row(), Row::merge);
                    }
                }
                held.put(entry.getKey(), rows);
            }
            Bytes next = pageEnd == null ? null : RepairReplica.successor(pageEnd);
            stream(held, merged, () -> {
                if (next == null) {
                    finish(true, false);
                } else {
                    askRows(differing, next);
                }
            });
        }

        /** Sends each replica the merged rows it lacks, then runs {@code then} once all are durable. */
        void stream(Map<NodeId, Map<Bytes, Row>> held, TreeMap<Bytes, Row> merged, Runnable then) {
            Map<NodeId, List<List<Mutation>>> batches = new TreeMap<>();
            for (NodeId replica : replicas) {
                batches.put(replica, missing(held.get(replica), merged));
            }
            int count = batches.values().stream().mapToInt(List::size).sum();
            if (count == 0 || config.has(DeliberateBug.REPAIR_SKIPS_STREAMING)) {
                then.run();
                return;
            }
            int[] outstanding = {count};
            clearRequests();
            for (Map.Entry<NodeId, List<List<Mutation>>> entry : batches.entrySet()) {
                for (List<Mutation> batch : entry.getValue()) {
                    long id = requests.expectAcks((from, ack) -> onStreamAck(entry.getKey(), from, ack, batch, outstanding,
                            then));
                    requestIds.add(id);
                    outbox.send(entry.getKey(), new RepairStream(id, batch));
                }
            }
            armTimeout();
        }

        List<List<Mutation>> missing(Map<Bytes, Row> rows, TreeMap<Bytes, Row> merged) {
            List<List<Mutation>> batches = new ArrayList<>();
            List<Mutation> batch = new ArrayList<>();
            for (Map.Entry<Bytes, Row> entry : merged.entrySet()) {
                if (!entry.getValue().equals(rows.getOrDefault(entry.getKey(), Row.EMPTY))) {
                    batch.add(new Mutation(new RowKey(job.keyspace.name(), entry.getKey()), entry.getValue()));
                    if (batch.size() == STREAM_BATCH_ROWS) {
                        batches.add(batch);
                        batch = new ArrayList<>();
                    }
                }
            }
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
            return batches;
        }

        void onStreamAck(NodeId replica, NodeId from, MutationAck ack, List<Mutation> batch, int[] outstanding,
                         Runnable then) {
            if (finished || !from.equals(replica)) {
                return;
            }
            requests.forget(ack.requestId());
            if (!ack.applied()) {
                fail(replica + " could not store the streamed rows (storage error)");
                return;
            }
            for (Mutation row : batch) {
                job.rows++;
                job.bytes += streamedSize(row);
            }
            if (--outstanding[0] == 0) {
                then.run();
            }
        }

        /** Sends one request to every replica, routes the replies to {@code onReply}, and times out. */
        void ask(BiFunctionOfId request, BiConsumer<NodeId, Message> onReply) {
            clearRequests();
            for (NodeId replica : replicas) {
                long id = requests.nextId();
                requestIds.add(id);
                handlers.put(id, (from, message) -> {
                    if (!finished && from.equals(replica)) {
                        handlers.remove(id);
                        onReply.accept(from, message);
                    }
                });
                outbox.send(replica, request.apply(id, replica));
            }
            armTimeout();
        }

        void armTimeout() {
            timeout.cancel();
            timeout = environment.scheduler().schedule(config.readTimeout().multipliedBy(4), () -> {
                if (!finished) {
                    fail("replicas did not answer within " + config.readTimeout().multipliedBy(4).toMillis() + " ms");
                }
            });
        }

        void clearRequests() {
            for (long id : requestIds) {
                handlers.remove(id);
                requests.forget(id);
            }
            requestIds.clear();
        }

        void fail(String reason) {
            if (!finished) {
                LOG.info("{} repair of {} slot {} failed: {}", environment.self(), job.keyspace.name(), slot, reason);
                finish(false, false, "slot " + slot + ": " + reason);
            }
        }

        void finish(boolean ok, boolean wasInSync) {
            finish(ok, wasInSync, "");
        }

        private void finish(boolean ok, boolean wasInSync, String failure) {
            if (finished) {
                return;
            }
            finished = true;
            timeout.cancel();
            clearRequests();
            job.slotFinished(ok, wasInSync, failure);
        }
    }

    @FunctionalInterface
    private interface BiFunctionOfId {
        Message apply(long requestId, NodeId replica);
    }
}
