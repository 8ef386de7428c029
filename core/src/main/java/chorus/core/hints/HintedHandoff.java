package chorus.core.hints;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.core.codec.WireFormatException;
import chorus.core.membership.FailureDetector;
import chorus.core.message.MutationAck;
import chorus.core.message.MutationRequest;
import chorus.core.model.Mutation;
import chorus.core.node.NodeConfig;
import chorus.core.node.NodeContext;
import chorus.core.node.NodeEnvironment;
import chorus.core.node.Outbox;
import chorus.core.port.Cancellable;
import chorus.core.port.KeyValue;
import chorus.core.port.StorageResult;
import chorus.core.replication.Requests;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hinted handoff (D8; Dynamo §4.6, Cassandra): the coordinator of a write keeps a durable hint for
 * each replica that was believed down or did not acknowledge in time, and replays the hints when
 * the failure detector sees that replica up again. Hints never count toward a consistency level:
 * they only shorten the time until repair would have fixed the replica.
 *
 * <p><b>Limits.</b> Two, for two concerns. Storing: the hints handed to storage and not yet durable
 * hold at most {@code pendingHintBytesMax} bytes ({@link PendingHintBudget}); a burst of writes to a
 * down replica queues within that budget, and a hint beyond it is dropped and counted (repair fixes
 * its replica), with one log line per burst of drops. Delivering: one page of at most
 * {@code hintDeliveryPageSize} hints per target at a time, every acknowledgement awaited before the
 * next page. Nothing but the pending stores and the per-target delivery state lives in memory; the
 * hints live in storage and survive this node's restart. Hints older than the hint window are deleted undelivered and
 * counted, because after the window an operator is expected to run repair anyway (Cassandra's
 * max_hint_window) and an unbounded backlog would flood a returning node.
 *
 * <p>Not thread-safe: owned by the node thread. Delivery is driven by {@link #deliverDue}, called on
 * every gossip round.
 */
public final class HintedHandoff {
    private static final Logger LOG = LoggerFactory.getLogger(HintedHandoff.class);

    private final NodeEnvironment environment;
    private final NodeConfig config;
    private final FailureDetector liveness;
    private final Outbox outbox;
    private final Requests requests;
    private final List<NodeId> peers;
    private final Map<NodeId, Delivery> deliveries = new TreeMap<>();
    /** Targets whose last scan found no hints and that got none since: no need to scan again. */
    private final Set<NodeId> drained = new TreeSet<>();
    private final PendingHintBudget pendingStores;
    private long stored;
    private long delivered;
    private long expired;
    private long overflowed;
    private long storeFailures;

    public HintedHandoff(NodeContext context, List<NodeId> members) {
        this.environment = context.environment();
        this.config = context.config();
        this.liveness = context.liveness();
        this.outbox = context.outbox();
        this.requests = context.requests();
        this.peers = members.stream().filter(member -> !member.equals(context.environment().self())).toList();
        this.pendingStores = new PendingHintBudget(config.healing().pendingHintBytesMax());
    }

    /** The delivery of one page of hints to one target. */
    private static final class Delivery {
        int outstanding;
        boolean failed;
        final List<Long> requestIds = new ArrayList<>();
        Cancellable timeout = Cancellable.NONE;
    }

    /** Keeps {@code mutation} for {@code target} durably; best effort (see the class comment). */
    public void store(NodeId target, Mutation mutation) {
        Hint hint = new Hint(target, environment.clock().wallMillis(), environment.random().nextLong(), mutation);
        Bytes key = hint.storageKey();
        Bytes value = hint.storageValue();
        long bytes = (long) key.length() + value.length();
        if (!pendingStores.tryReserve(bytes)) {
            overflowed++;
            if (pendingStores.droppedInBurst() == 1) {
                // Once per burst: a line per hint would flood the log exactly when the node is busiest.
                LOG.warn("{} dropping hints: pendingBytes={} budgetBytes={} (max-pending-hint-bytes); repair fixes"
                        + " the replicas they were for", environment.self(), pendingStores.bytes(),
                        pendingStores.bytesMax());
            }
            return;
        }
        drained.remove(target);
        environment.storage().putHint(key, value, result -> {
            if (result instanceof StorageResult.Ok) {
                stored++;
            } else {
                storeFailures++;
            }
            long droppedInBurst = pendingStores.release(bytes);
            if (droppedInBurst > 0) {
                LOG.info("{} stopped dropping hints: dropped={} pendingBytes={}", environment.self(), droppedInBurst,
                        pendingStores.bytes());
            }
        });
    }

    /** Starts delivering to every peer that is up, has no delivery running, and may have hints. */
    public void deliverDue() {
        for (NodeId peer : peers) {
            if (!deliveries.containsKey(peer) && !drained.contains(peer) && liveness.isAlive(peer)) {
                deliverPage(peer);
            }
        }
    }

    private void deliverPage(NodeId target) {
        Delivery delivery = new Delivery();
        deliveries.put(target, delivery);
        environment.storage().scanHints(Hint.prefix(target), config.healing().hintDeliveryPageSize(), result -> {
            if (!(result instanceof StorageResult.Ok<List<KeyValue>> ok) || ok.value().isEmpty()) {
                deliveries.remove(target);
                if (result instanceof StorageResult.Ok && pendingStores.stores() == 0) {
                    drained.add(target); // A store still in flight may land after this scan: look again then.
                }
                return;
            }
            delivery.outstanding = ok.value().size();
            for (KeyValue entry : ok.value()) {
                deliverOne(target, delivery, entry);
            }
            delivery.timeout = environment.scheduler().schedule(config.writeTimeout(), () -> onTimeout(target, delivery));
        });
    }

    private void deliverOne(NodeId target, Delivery delivery, KeyValue entry) {
        Hint hint;
        try {
            hint = Hint.decode(entry.value());
        } catch (WireFormatException | IllegalArgumentException e) {
            LOG.warn("{} deleted a corrupt hint for {}: {}", environment.self(), target, e.getMessage());
            delete(target, delivery, entry);
            return;
        }
        long ageMillis = environment.clock().wallMillis() - hint.createdAtMillis();
        if (ageMillis > config.healing().hintWindow().toMillis()) {
            expired++;
            delete(target, delivery, entry);
            return;
        }
        long requestId = requests.expectAcks((from, ack) -> onAck(target, delivery, entry, from, ack));
        delivery.requestIds.add(requestId);
        outbox.send(target, new MutationRequest(requestId, hint.mutation()));
    }

    private void onAck(NodeId target, Delivery delivery, KeyValue entry, NodeId from, MutationAck ack) {
        if (!from.equals(target) || deliveries.get(target) != delivery) {
            return;
        }
        requests.forget(ack.requestId());
        if (!ack.applied()) {
            delivery.failed = true;
            countDown(target, delivery);
            return;
        }
        delivered++;
        delete(target, delivery, entry);
    }

    private void delete(NodeId target, Delivery delivery, KeyValue entry) {
        environment.storage().deleteHint(entry.key(), result -> {
            if (!(result instanceof StorageResult.Ok)) {
                delivery.failed = true;
            }
            countDown(target, delivery);
        });
    }

    /** When the whole page is done, the next one follows at once; after a failure, on the next round. */
    private void countDown(NodeId target, Delivery delivery) {
        if (deliveries.get(target) != delivery) {
            return;
        }
        if (--delivery.outstanding > 0) {
            return;
        }
        delivery.timeout.cancel();
        deliveries.remove(target);
        if (!delivery.failed && liveness.isAlive(target)) {
            deliverPage(target);
        }
    }

    private void onTimeout(NodeId target, Delivery delivery) {
        if (deliveries.get(target) != delivery) {
            return;
        }
        delivery.requestIds.forEach(requests::forget);
        deliveries.remove(target);
    }

    /** Hints stored (durably) since this process started. */
    public long stored() {
        return stored;
    }

    /** Hints acknowledged by their target and deleted. */
    public long delivered() {
        return delivered;
    }

    /** Hints deleted undelivered because they were older than the hint window. */
    public long expired() {
        return expired;
    }

    /** Hints not stored because the pending ones already held the byte budget. */
    public long overflowed() {
        return overflowed;
    }

    /** Hints not stored because storage failed to write them (a disk problem, not a burst). */
    public long storeFailures() {
        return storeFailures;
    }

    /** Bytes of hints handed to storage and not yet durable (at most the budget, or one hint beyond it). */
    public long pendingStoreBytes() {
        return pendingStores.bytes();
    }

    /** Targets being delivered to now. */
    public int deliveriesInFlight() {
        return deliveries.size();
    }

    /**
     * Peers this node may still hold hints for, in node order: every peer but those whose last scan
     * found no hints and that got none since. Empty means every hint this node stored was delivered
     * (or expired); a peer that is down, or not yet scanned since this node started, is listed.
     */
    public List<NodeId> targetsWithHints() {
        return peers.stream().filter(peer -> !drained.contains(peer)).toList();
    }

}
