package chorus.core.paxos;

import chorus.core.codec.WireFormatException;
import chorus.core.message.MutationAck;
import chorus.core.message.PaxosAccepted;
import chorus.core.message.PaxosCommit;
import chorus.core.message.PaxosPrepare;
import chorus.core.message.PaxosPromise;
import chorus.core.message.PaxosPropose;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.DeliberateBug;
import chorus.core.node.NodeConfig;
import chorus.core.node.Outbox;
import chorus.api.Bytes;
import chorus.core.port.Callback;
import chorus.core.port.StorageEngine;
import chorus.core.port.StorageResult;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The acceptor side of Paxos (D6), one instance per node, for every key it replicates.
 *
 * <p>Decisions are made on an in-memory copy of each key's {@link PaxosState}, loaded from storage
 * on first use, so that requests for one key are decided one after another without locks. A reply
 * that depends on a changed state is sent only once the storage engine reports the change durable:
 * a promise or an acceptance survives a crash of this node. States whose changes are all durable
 * may be evicted from memory, since storage then holds the same state.
 */
public final class PaxosAcceptor {
    private static final int CACHED_STATES_MAX = 100_000;
    /** A failed promise or acceptance is not answered: the proposer times out, as for a slow node. */
    private static final Runnable NO_REPLY = () -> { };

    private final StorageEngine storage;
    private final Outbox outbox;
    private final NodeConfig config;
    private final Map<RowKey, PaxosState> states = new HashMap<>();
    private final Map<RowKey, Integer> unsyncedChanges = new HashMap<>();
    private final Map<RowKey, List<Consumer<PaxosState>>> loading = new HashMap<>();

    public PaxosAcceptor(StorageEngine storage, Outbox outbox, NodeConfig config) {
        this.storage = storage;
        this.outbox = outbox;
        this.config = config;
    }

    public void onPrepare(NodeId from, PaxosPrepare prepare) {
        withState(prepare.key(), state -> {
            if (!prepare.ballot().isAfter(state.promised())) {
                outbox.send(from, promise(prepare.requestId(), false, state, Row.EMPTY));
                return;
            }
            PaxosState promised = state.withPromised(prepare.ballot());
            change(prepare.key(), promised, List.of(), () -> storage.read(prepare.key(), read -> {
                if (read instanceof StorageResult.Ok<Row> ok) {
                    outbox.send(from, promise(prepare.requestId(), true, promised, ok.value()));
                }
            }), NO_REPLY);
        });
    }

    public void onPropose(NodeId from, PaxosPropose propose) {
        withState(propose.key(), state -> {
            boolean ignorePromise = config.has(DeliberateBug.ACCEPTOR_IGNORES_PROMISES);
            if (propose.ballot().compareTo(state.promised()) < 0 && !ignorePromise) {
                outbox.send(from, new PaxosAccepted(propose.requestId(), false, state.promised()));
                return;
            }
            change(propose.key(), state.withAccepted(propose.ballot(), propose.origin(), propose.update()), List.of(),
                    () -> outbox.send(from, new PaxosAccepted(propose.requestId(), true, propose.ballot())), NO_REPLY);
        });
    }

    /**
     * Applies the chosen update as ordinary data and records the commit in one atomic write: the
     * state never says committed while the data could be missing (a later proposer would then take
     * the value as done and not finish it), and the commit costs one sync, not two.
     */
    public void onCommit(NodeId from, PaxosCommit commit) {
        withState(commit.key(), state -> {
            PaxosState committed = state.withCommitted(commit.ballot(), commit.origin());
            List<Mutation> data = List.of(new Mutation(commit.key(), commit.update()));
            change(commit.key(), committed, data, () -> outbox.send(from,
                    new MutationAck(commit.requestId(), true, Timestamp.MIN)),
                    () -> outbox.send(from, MutationAck.failed(commit.requestId())));
        });
    }

    private static PaxosPromise promise(long requestId, boolean promised, PaxosState state, Row data) {
        return new PaxosPromise(requestId, promised, state.promised(), state.acceptedBallot(), state.acceptedOrigin(),
                state.acceptedUpdate(), state.committedBallot(), state.committedOrigin(), data);
    }

    /**
     * Makes {@code next} the key's state at once (so later requests are decided on it) and stores
     * it durably, together with {@code data} when there is any; runs {@code whenDurable} once
     * stored, or {@code whenFailed} if the write failed.
     */
    private void change(RowKey key, PaxosState next, List<Mutation> data, Runnable whenDurable, Runnable whenFailed) {
        states.put(key, next);
        unsyncedChanges.merge(key, 1, Integer::sum);
        Callback<StorageResult<?>> written = result -> {
            unsyncedChanges.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
            if (result instanceof StorageResult.Ok) {
                whenDurable.run();
            } else {
                states.remove(key); // Unknown what is on disk now: reload before the next decision.
                whenFailed.run();
            }
        };
        Bytes stateKey = PaxosStateCodec.stateKey(key);
        Bytes stateValue = PaxosStateCodec.encode(next);
        if (data.isEmpty()) {
            storage.putState(stateKey, stateValue, written::completed);
        } else {
            storage.applyWithState(data, stateKey, stateValue, written::completed);
        }
    }

    /** Runs {@code action} with the key's current state, loading it first if needed. */
    private void withState(RowKey key, Consumer<PaxosState> action) {
        PaxosState cached = states.get(key);
        if (cached != null) {
            action.accept(cached);
            return;
        }
        List<Consumer<PaxosState>> waiting = loading.get(key);
        if (waiting != null) {
            waiting.add(action);
            return;
        }
        waiting = new ArrayList<>();
        waiting.add(action);
        loading.put(key, waiting);
        storage.getState(PaxosStateCodec.stateKey(key), read -> onLoaded(key, read));
    }

    private void onLoaded(RowKey key, StorageResult<Bytes> read) {
        List<Consumer<PaxosState>> waiting = loading.remove(key);
        if (!(read instanceof StorageResult.Ok<Bytes> ok)) {
            return; // No reply: the proposer times out, as it would if this node were slow.
        }
        PaxosState state;
        try {
            state = ok.value() == null ? PaxosState.EMPTY : PaxosStateCodec.decode(ok.value());
        } catch (WireFormatException e) {
            return;
        }
        evictIfFull();
        states.put(key, state);
        for (Consumer<PaxosState> action : waiting) {
            action.accept(states.get(key));
        }
    }

    private void evictIfFull() {
        if (states.size() < CACHED_STATES_MAX) {
            return;
        }
        states.keySet().removeIf(key -> !unsyncedChanges.containsKey(key));
    }
}
