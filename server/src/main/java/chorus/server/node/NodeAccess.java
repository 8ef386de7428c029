package chorus.server.node;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.antientropy.RepairProgress;
import chorus.core.antientropy.SlotDigest;
import chorus.core.counter.CounterResult;
import chorus.core.model.Mutation;
import chorus.core.model.RowKey;
import chorus.core.node.Node;
import chorus.core.paxos.SerialOperation;
import chorus.core.paxos.SerialResult;
import chorus.core.replication.ReadResult;
import chorus.core.replication.ScanResult;
import chorus.core.replication.WriteResult;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * How code on other threads (RESP event loops) talks to the single-threaded {@link Node}: every call
 * is posted to the node thread, and its result completes a future there. A call made while the node
 * is shutting down completes at once with UNAVAILABLE instead of hanging.
 */
public final class NodeAccess {
    private static final String SHUTTING_DOWN = "this node is shutting down; retry through another node";

    private final Node node;
    private final EventExecutor nodeLoop;

    public NodeAccess(Node node, EventExecutor nodeLoop) {
        this.node = requireNonNull(node, "node is null");
        this.nodeLoop = requireNonNull(nodeLoop, "nodeLoop is null");
    }

    /** Writes at {@code level}; null means the keyspace's default. */
    public CompletionStage<WriteResult> write(Mutation mutation, ConsistencyLevel level) {
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        if (!post(() -> node.write(mutation, level, result::complete))) {
            result.complete(new WriteResult.Failed(ErrorCode.UNAVAILABLE, SHUTTING_DOWN));
        }
        return result;
    }

    /** Reads at {@code level}; null means the keyspace's default. */
    public CompletionStage<ReadResult> read(RowKey key, ConsistencyLevel level) {
        CompletableFuture<ReadResult> result = new CompletableFuture<>();
        if (!post(() -> node.read(key, level, result::complete))) {
            result.complete(new ReadResult.Failed(ErrorCode.UNAVAILABLE, SHUTTING_DOWN));
        }
        return result;
    }

    /** Adds {@code delta} to a counter at {@code level}; answers its new value. */
    public CompletionStage<CounterResult> increment(RowKey key, long delta, ConsistencyLevel level) {
        CompletableFuture<CounterResult> result = new CompletableFuture<>();
        if (!post(() -> node.increment(key, delta, level, result::complete))) {
            result.complete(new CounterResult.Failed(ErrorCode.UNAVAILABLE, SHUTTING_DOWN));
        }
        return result;
    }

    /**
     * One page of one slot of {@code keyspace}: up to {@code limit} rows from {@code fromKey}
     * (inclusive), merged from the slot's replicas at {@code level} (null: ONE). Rows may hold only
     * tombstones; the page's next key is null when the slot is exhausted.
     */
    public CompletionStage<ScanResult> scan(String keyspace, int slot, Bytes fromKey, int limit,
                                            ConsistencyLevel level) {
        CompletableFuture<ScanResult> result = new CompletableFuture<>();
        if (!post(() -> node.scan(keyspace, slot, fromKey, limit, level, result::complete))) {
            result.complete(new ScanResult.Failed(ErrorCode.UNAVAILABLE, SHUTTING_DOWN));
        }
        return result;
    }

    /** Runs a compare-and-set style operation through Paxos (D6). */
    public CompletionStage<SerialResult> serial(RowKey key, SerialOperation operation) {
        CompletableFuture<SerialResult> result = new CompletableFuture<>();
        if (!post(() -> node.serial(key, operation, result::complete))) {
            result.complete(new SerialResult.Failed(ErrorCode.UNAVAILABLE, SHUTTING_DOWN));
        }
        return result;
    }

    /**
     * Repairs {@code slots} of {@code keyspace} with this node coordinating; completes with the final
     * progress. While the node shuts down, completes at once with every slot failed.
     */
    public CompletionStage<RepairProgress> repair(String keyspace, List<Integer> slots) {
        CompletableFuture<RepairProgress> result = new CompletableFuture<>();
        if (!post(() -> node.repair(keyspace, slots, progress -> {
            if (progress.finished()) {
                result.complete(progress);
            }
        }))) {
            result.complete(new RepairProgress(keyspace, slots.size(), 0, 0, slots.size(), 0, 0, true, SHUTTING_DOWN));
        }
        return result;
    }

    /** This node's own digest of each of {@code slots} it replicates; fails if the node is shutting down. */
    public CompletionStage<List<SlotDigest>> digest(String keyspace, List<Integer> slots) {
        CompletableFuture<List<SlotDigest>> result = new CompletableFuture<>();
        if (!post(() -> node.digest(keyspace, slots, result::complete))) {
            result.completeExceptionally(new IllegalStateException(SHUTTING_DOWN));
        }
        return result;
    }

    /**
     * Runs {@code query} on the node thread, for reports such as INFO that look at the node's
     * state. Fails with {@link IllegalStateException} if the node is shutting down.
     */
    public <T> CompletionStage<T> inspect(Function<Node, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(query.apply(node));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (!post(task)) {
            result.completeExceptionally(new IllegalStateException(SHUTTING_DOWN));
        }
        return result;
    }

    private boolean post(Runnable task) {
        if (nodeLoop.isShuttingDown()) {
            return false;
        }
        try {
            nodeLoop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
