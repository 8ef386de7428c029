package chorus.server.commands;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.model.Cell;
import chorus.core.model.ColumnKind;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.Keyspace;
import chorus.core.port.Clock;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteResult;
import chorus.resp.Command;
import chorus.resp.CommandHandler;
import chorus.resp.Connection;
import chorus.resp.Reply;
import chorus.server.node.NodeAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The data commands of a node: GET, SET, DEL, EXISTS, MGET, MSET, plus CONSISTENCY, INFO and
 * CHORUS STATUS. Each command becomes reads and writes of the protocol core through
 * {@link NodeAccess}, at the connection's consistency levels; core failures become error replies
 * ({@code -UNAVAILABLE ...}, {@code -TIMEOUT ...}).
 *
 * <p>Threading: {@link #handle} runs on a RESP event loop and only posts work to the node thread;
 * replies complete there. The RESP module writes them back in request order.
 *
 * <p>Multi-key commands are one independent operation per key, run concurrently: they are not
 * atomic, and a failure of any key fails the whole reply (never a silent partial success).
 */
public final class DataCommands implements CommandHandler {
    /**
     * The timestamp a client mutation carries until its coordinator stamps it. It must not be
     * {@link Timestamp#MIN}: a row whose key tombstone is MIN has no tombstone, and restamping
     * would then drop the tombstone that makes SET replace and DEL delete.
     */
    static final Timestamp PLACEHOLDER = new Timestamp(1, 0);
    private static final Bytes STRING_COLUMN = Cell.column(ColumnKind.STRING, Bytes.EMPTY);

    private final NodeAccess node;
    private final Clock clock;
    private final NodeFacts facts;

    public DataCommands(NodeAccess node, Clock clock, NodeFacts facts) {
        this.node = requireNonNull(node, "node is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.facts = requireNonNull(facts, "facts is null");
    }

    @Override
    public CompletionStage<Reply> handle(Connection connection, Command command) {
        return switch (command.name()) {
            case "GET" -> get(connection, command);
            case "SET" -> set(connection, command);
            case "DEL" -> delete(connection, command);
            case "EXISTS" -> exists(connection, command);
            case "MGET" -> multiGet(connection, command);
            case "MSET" -> multiSet(connection, command);
            case "CONSISTENCY" -> done(ConsistencyCommand.run(connection, command, facts.config()));
            case "INFO" -> info(connection, command);
            case "CHORUS" -> status();
            default -> done(Reply.err("unknown command '" + command.rawName().utf8() + "'"));
        };
    }

    private CompletionStage<Reply> get(Connection connection, Command command) {
        Reply.Error tooLarge = checkKeys(command.args());
        if (tooLarge != null) {
            return done(tooLarge);
        }
        return readString(connection, command.arg(0));
    }

    /** The key's value as a reply: bulk, nil, WRONGTYPE, or the read's failure. */
    private CompletionStage<Reply> readString(Connection connection, Bytes key) {
        return node.read(rowKey(key), readLevel(connection)).thenApply(result -> {
            if (result instanceof ReadResult.Failed failed) {
                return Errors.of(failed);
            }
            Row row = ((ReadResult.Success) result).row();
            long now = clock.wallMillis();
            ColumnKind kind = row.liveKind(now);
            if (kind == null) {
                return Reply.nullBulk();
            }
            if (kind != ColumnKind.STRING) {
                return Errors.WRONG_TYPE;
            }
            return Reply.bulk(row.liveCells(now).get(STRING_COLUMN).value());
        });
    }

    private CompletionStage<Reply> set(Connection connection, Command command) {
        Reply.Error invalid = checkKeyAndValue(command.arg(0), command.arg(1));
        if (invalid != null) {
            return done(invalid);
        }
        SetOptions.Parsed parsed = SetOptions.parse(command, clock.wallMillis());
        if (parsed instanceof SetOptions.Invalid error) {
            return done(error.error());
        }
        SetOptions options = ((SetOptions.Valid) parsed).options();
        if (options.isSerial()) {
            ConditionalSet conditional = new ConditionalSet(command.arg(1), options, clock);
            return node.serial(rowKey(command.arg(0)), conditional).thenApply(conditional::reply);
        }
        Row row = Row.replaceWithString(command.arg(1), options.expiresAtMillis(), PLACEHOLDER);
        return node.write(new Mutation(rowKey(command.arg(0)), row), writeLevel(connection))
                .thenApply(result -> result instanceof WriteResult.Failed failed ? Errors.of(failed) : Reply.ok());
    }

    /**
     * DEL: each key is read (at the connection's read level, to count the keys that existed, which
     * DEL must reply) and then deleted with a key tombstone (at its write level), whether or not the
     * read found it: a read at ONE may miss a value that other replicas hold. So a DEL of n keys
     * costs n reads and n writes.
     */
    private CompletionStage<Reply> delete(Connection connection, Command command) {
        Reply.Error tooLarge = checkKeys(command.args());
        if (tooLarge != null) {
            return done(tooLarge);
        }
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (Bytes key : command.args()) {
            outcomes.add(node.read(rowKey(key), readLevel(connection)).thenCompose(read -> {
                if (read instanceof ReadResult.Failed failed) {
                    return done(Outcome.failed(Errors.of(failed)));
                }
                boolean existed = ((ReadResult.Success) read).row().liveKind(clock.wallMillis()) != null;
                Mutation tombstone = new Mutation(rowKey(key), Row.deleted(PLACEHOLDER));
                return node.write(tombstone, writeLevel(connection)).thenApply(write ->
                        write instanceof WriteResult.Failed failed ? Outcome.failed(Errors.of(failed))
                                : Outcome.counted(existed ? 1 : 0));
            }).toCompletableFuture());
        }
        return countOrFail(outcomes, "DEL");
    }

    private CompletionStage<Reply> exists(Connection connection, Command command) {
        Reply.Error tooLarge = checkKeys(command.args());
        if (tooLarge != null) {
            return done(tooLarge);
        }
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (Bytes key : command.args()) {
            outcomes.add(node.read(rowKey(key), readLevel(connection)).thenApply(read ->
                    read instanceof ReadResult.Failed failed ? Outcome.failed(Errors.of(failed))
                            : Outcome.counted(((ReadResult.Success) read).row().liveKind(clock.wallMillis()) != null
                                    ? 1 : 0)).toCompletableFuture());
        }
        return countOrFail(outcomes, "EXISTS");
    }

    /** MGET: a key that is missing or holds another type reads as nil, as in Redis. */
    private CompletionStage<Reply> multiGet(Connection connection, Command command) {
        Reply.Error tooLarge = checkKeys(command.args());
        if (tooLarge != null) {
            return done(tooLarge);
        }
        List<CompletableFuture<Reply>> values = new ArrayList<>();
        for (Bytes key : command.args()) {
            values.add(readString(connection, key).toCompletableFuture());
        }
        return CompletableFuture.allOf(values.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<Reply> items = new ArrayList<>();
            for (CompletableFuture<Reply> value : values) {
                Reply reply = value.join();
                if (reply instanceof Reply.Error error && !error.equals(Errors.WRONG_TYPE)) {
                    return error;
                }
                items.add(reply instanceof Reply.Error ? Reply.nullBulk() : reply);
            }
            return Reply.array(items);
        });
    }

    /**
     * MSET: one write per key, all at once. Keys in different slots go to different replicas, so
     * MSET is not atomic: on failure some keys may be written, and the error says how many were.
     */
    private CompletionStage<Reply> multiSet(Connection connection, Command command) {
        if (command.args().size() % 2 != 0) {
            return done(Reply.err("wrong number of arguments for 'mset' command"));
        }
        for (int i = 0; i < command.args().size(); i += 2) {
            Reply.Error invalid = checkKeyAndValue(command.arg(i), command.arg(i + 1));
            if (invalid != null) {
                return done(invalid);
            }
        }
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < command.args().size(); i += 2) {
            Row row = Row.replaceWithString(command.arg(i + 1), 0, PLACEHOLDER);
            outcomes.add(node.write(new Mutation(rowKey(command.arg(i)), row), writeLevel(connection))
                    .thenApply(write -> write instanceof WriteResult.Failed failed ? Outcome.failed(Errors.of(failed))
                            : Outcome.counted(1)).toCompletableFuture());
        }
        return countOrFail(outcomes, "MSET").thenApply(reply -> reply instanceof Reply.Error ? reply : Reply.ok());
    }

    private CompletionStage<Reply> info(Connection connection, Command command) {
        List<String> sections = new ArrayList<>();
        for (int i = 0; i < command.args().size(); i++) {
            sections.add(command.argText(i));
        }
        ConsistencyLevel read = readLevel(connection);
        ConsistencyLevel write = writeLevel(connection);
        return node.inspect(ClusterView::of).thenApply(cluster -> (Reply) Reply.verbatim(
                new InfoReport(facts, cluster, read, write).render(InfoReport.selected(sections))));
    }

    private CompletionStage<Reply> status() {
        return node.inspect(ClusterView::of)
                .thenApply(cluster -> StatusReport.render(cluster, facts.keysEstimate().getAsLong()));
    }

    /** The result of one key's part in a multi-key command: a count, or the error that failed it. */
    private record Outcome(long count, Reply.Error error) {
        static Outcome counted(long count) {
            return new Outcome(count, null);
        }

        static Outcome failed(Reply.Error error) {
            return new Outcome(0, error);
        }
    }

    /** The sum of the counts, or the first failure, which says how many keys did succeed. */
    private static CompletionStage<Reply> countOrFail(List<CompletableFuture<Outcome>> outcomes, String name) {
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            long count = 0;
            int succeeded = 0;
            Reply.Error firstError = null;
            for (CompletableFuture<Outcome> future : outcomes) {
                Outcome outcome = future.join();
                if (outcome.error() == null) {
                    count += outcome.count();
                    succeeded++;
                } else if (firstError == null) {
                    firstError = outcome.error();
                }
            }
            if (firstError == null) {
                return Reply.integer(count);
            }
            if (outcomes.size() == 1) {
                return firstError;
            }
            return Reply.error(firstError.code(), firstError.message() + " (" + name + " is not atomic: " + succeeded
                    + " of " + outcomes.size() + " keys succeeded)");
        });
    }

    private Reply.Error checkKeys(List<Bytes> keys) {
        for (Bytes key : keys) {
            if (key.length() > facts.config().limits().maxKeySize()) {
                return Reply.err("key is " + key.length() + " bytes, over max-key-size "
                        + facts.config().limits().maxKeySize());
            }
        }
        return null;
    }

    private Reply.Error checkKeyAndValue(Bytes key, Bytes value) {
        Reply.Error tooLarge = checkKeys(List.of(key));
        if (tooLarge != null) {
            return tooLarge;
        }
        if (value.length() > facts.config().limits().maxValueSize()) {
            return Reply.err("value is " + value.length() + " bytes, over max-value-size "
                    + facts.config().limits().maxValueSize());
        }
        return null;
    }

    private ConsistencyLevel readLevel(Connection connection) {
        ConsistencyLevel chosen = connection.get(ConnectionLevels.READ);
        return chosen != null ? chosen : facts.config().defaultRead();
    }

    private ConsistencyLevel writeLevel(Connection connection) {
        ConsistencyLevel chosen = connection.get(ConnectionLevels.WRITE);
        return chosen != null ? chosen : facts.config().defaultWrite();
    }

    private static RowKey rowKey(Bytes key) {
        return new RowKey(Keyspace.DEFAULT_NAME, key);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
