package chorus.server.commands;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.model.Cell;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.node.Keyspace;
import chorus.core.port.Clock;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteResult;
import chorus.resp.Connection;
import chorus.resp.Reply;
import chorus.server.node.NodeAccess;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What every group of data commands shares: the node, the clock, the node's facts and size limits,
 * and the connection's consistency levels. Thread-safe: it holds no mutable state.
 */
final class CommandContext {
    private final NodeAccess node;
    private final Clock clock;
    private final NodeFacts facts;
    private final SizeLimits sizes;

    CommandContext(NodeAccess node, Clock clock, NodeFacts facts) {
        this.node = requireNonNull(node, "node is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.facts = requireNonNull(facts, "facts is null");
        this.sizes = new SizeLimits(facts.config().limits());
    }

    NodeAccess node() {
        return node;
    }

    Clock clock() {
        return clock;
    }

    NodeFacts facts() {
        return facts;
    }

    SizeLimits sizes() {
        return sizes;
    }

    long now() {
        return clock.wallMillis();
    }

    ConsistencyLevel readLevel(Connection connection) {
        return ConnectionLevels.read(connection, facts.config());
    }

    ConsistencyLevel writeLevel(Connection connection) {
        return ConnectionLevels.write(connection, facts.config());
    }

    /**
     * Reads {@code key} at the connection's read level and answers {@code then(row, now)}, or the
     * read's failure as an error reply.
     */
    CompletionStage<Reply> withRow(Connection connection, Bytes key, BiFunction<Row, Long, Reply> then) {
        return node.read(rowKey(key), readLevel(connection)).thenApply(result -> {
            if (result instanceof ReadResult.Failed failed) {
                return Errors.of(failed);
            }
            return then.apply(((ReadResult.Success) result).row(), now());
        });
    }

    /** Like {@link #withRow}, for a reply that needs more work (a write) after the read. */
    CompletionStage<Reply> thenWithRow(Connection connection, Bytes key,
                                       BiFunction<Row, Long, CompletionStage<Reply>> then) {
        return node.read(rowKey(key), readLevel(connection)).thenCompose(result -> {
            if (result instanceof ReadResult.Failed failed) {
                return done(Errors.of(failed));
            }
            return then.apply(((ReadResult.Success) result).row(), now());
        });
    }

    /** Writes {@code row} to {@code key} at the connection's write level; answers {@code reply} once written. */
    CompletionStage<Reply> write(Connection connection, Bytes key, Row row, Reply reply) {
        return node.write(new Mutation(rowKey(key), row), writeLevel(connection))
                .thenApply(result -> result instanceof WriteResult.Failed failed ? Errors.of(failed) : reply);
    }

    /** Runs {@code logic} on {@code key} through Paxos (D6) and answers its reply. */
    CompletionStage<Reply> serial(Bytes key, SerialCommand.Logic logic) {
        SerialCommand command = new SerialCommand(logic, now());
        return node.serial(rowKey(key), command).thenApply(command::reply);
    }

    /**
     * The key's expiry as one value: 0 (none) if any live cell never expires, else the latest
     * expiry of its live cells. Commands that add cells to a key give them this expiry, so a new
     * hash field or counter shard lives exactly as long as the key it joins.
     */
    static long keyExpiry(Row row, long nowMillis) {
        long latest = 0;
        for (Map.Entry<Bytes, Cell> entry : row.liveCells(nowMillis).entrySet()) {
            long expiresAt = entry.getValue().expiresAtMillis();
            if (expiresAt == 0) {
                return 0;
            }
            latest = Math.max(latest, expiresAt);
        }
        return latest;
    }

    static RowKey rowKey(Bytes key) {
        return new RowKey(Keyspace.DEFAULT_NAME, key);
    }

    static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    static <T, R> Function<T, R> constant(R value) {
        return ignored -> value;
    }
}
