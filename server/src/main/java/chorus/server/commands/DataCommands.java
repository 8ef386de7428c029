package chorus.server.commands;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.model.Cell;
import chorus.core.counter.CounterResult;
import chorus.core.model.ColumnKind;
import chorus.core.model.Mutation;
import chorus.core.model.PnCounter;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
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
 * The data commands of a node: GET, SET, DEL, EXISTS, MGET, MSET, INCR, INCRBY, DECR, DECRBY,
 * plus CONSISTENCY, INFO, CONFIG GET and the CHORUS administration commands ({@link ChorusCommands}); hashes ({@link HashCommands}), expiry and
 * the other string and key commands ({@link KeyCommands}), SCAN, KEYS, DBSIZE ({@link ScanCommands})
 * and CLUSTER ({@link ClusterCommands}). docs/commands.md lists them with their consistency. Each command becomes reads and writes of the protocol core through
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
    private static final Bytes STRING_COLUMN = Cell.column(ColumnKind.STRING, Bytes.EMPTY);

    private final NodeAccess node;
    private final Clock clock;
    private final NodeFacts facts;
    private final SizeLimits sizes;
    private final java.util.concurrent.atomic.LongAdder commandsProcessed = new java.util.concurrent.atomic.LongAdder();
    private final HashCommands hashes;
    private final KeyCommands keys;
    private final ScanCommands scans;
    private final ClusterCommands cluster;
    private final ChorusCommands chorus;

    public DataCommands(NodeAccess node, Clock clock, NodeFacts facts) {
        this.node = requireNonNull(node, "node is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.facts = requireNonNull(facts, "facts is null");
        this.sizes = new SizeLimits(facts.config().limits());
        CommandContext context = new CommandContext(node, clock, facts);
        this.hashes = new HashCommands(context);
        this.keys = new KeyCommands(context);
        this.scans = new ScanCommands(context);
        this.cluster = new ClusterCommands(context, scans);
        this.chorus = new ChorusCommands(node, facts);
    }

    /**
     * Runs {@code command} once the connection's earlier commands on the same keys have finished
     * ({@link KeyOrder}), so a pipeline behaves as in Redis.
     */
    @Override
    public CompletionStage<Reply> handle(Connection connection, Command command) {
        commandsProcessed.increment();
        List<Bytes> keys = KeyOrder.keys(command);
        if (keys != null && keys.isEmpty()) {
            return execute(connection, command);
        }
        KeyOrder order = connection.get(KeyOrder.ATTRIBUTE);
        if (order == null) {
            order = new KeyOrder();
            connection.set(KeyOrder.ATTRIBUTE, order);
        }
        return order.run(keys, () -> execute(connection, command));
    }

    private CompletionStage<Reply> execute(Connection connection, Command command) {
        return switch (command.name()) {
            case "GET" -> get(connection, command);
            case "SET" -> set(connection, command);
            case "DEL", "UNLINK" -> delete(connection, command);
            case "DELIFEQ" -> {
                CompareAndDelete compareAndDelete = new CompareAndDelete(command.arg(1), clock);
                yield node.serial(rowKey(command.arg(0)), compareAndDelete).thenApply(compareAndDelete::reply);
            }
            case "MGET" -> multiGet(connection, command);
            case "MSET" -> multiSet(connection, command);
            case "INCR" -> increment(connection, command, 1);
            case "DECR" -> increment(connection, command, -1);
            case "INCRBY" -> incrementBy(connection, command, 1);
            case "DECRBY" -> incrementBy(connection, command, -1);
            case "CONSISTENCY" -> done(ConsistencyCommand.run(connection, command, facts.config()));
            case "INFO" -> info(connection, command);
            case "CHORUS" -> chorus.handle(command);
            case "CONFIG" -> done(ConfigCommand.run(command, facts.config()));
            case "HSET", "HMSET", "HGET", "HMGET", "HGETALL", "HDEL", "HEXISTS", "HLEN", "HKEYS", "HVALS", "HSTRLEN",
                    "HSCAN", "HINCRBY", "HINCRBYFLOAT", "HSETNX" -> hashes.handle(connection, command);
            case "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT", "TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST",
                    "SETEX", "PSETEX", "SETNX", "GETSET", "GETDEL", "GETEX", "APPEND", "STRLEN", "GETRANGE", "SETRANGE",
                    "TYPE", "RENAME", "RENAMENX", "MSETNX", "INCRBYFLOAT" -> keys.handle(connection, command);
            case "EXISTS", "TOUCH" -> exists(connection, command);
            case "TIME" -> {
                long micros = clock.wallMillis() * 1000; // The clock port has millisecond resolution.
                yield done(Reply.array(Reply.bulk(Long.toString(micros / 1_000_000)),
                        Reply.bulk(Long.toString(micros % 1_000_000))));
            }
            case "SCAN" -> scans.scan(connection, command);
            case "KEYS" -> scans.keys(connection, command);
            case "DBSIZE" -> scans.size(connection);
            case "FLUSHALL", "FLUSHDB" -> flush(connection, command);
            case "CLUSTER" -> cluster.handle(connection, command);
            case "READONLY", "READWRITE", "ASKING" -> done(Reply.ok());
            // The command table lets through only the commands listed in DataCommandSpecs, so this is
            // a spec without a handler: answer as Redis does for a command it does not know.
            default -> done(unknownCommand(command));
        };
    }

    private CompletionStage<Reply> get(Connection connection, Command command) {
        Reply.Error tooLarge = sizes.checkKeys(command.args());
        if (tooLarge != null) {
            return done(tooLarge);
        }
        return readString(connection, command.arg(0));
    }

    /**
     * The key's value as a reply: bulk, nil, WRONGTYPE, or the read's failure. A counter (INCR)
     * reads as its decimal value, as in Redis, where INCR works on strings.
     */
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
            return switch (kind) {
                case STRING -> Reply.bulk(row.liveCells(now).get(STRING_COLUMN).value());
                case COUNTER_SHARD -> Reply.bulk(Long.toString(PnCounter.value(row, now)));
                case HASH_FIELD -> Errors.WRONG_TYPE;
            };
        });
    }

    /**
     * INCR, DECR: the key is a PN counter (D4), so increments through different nodes at the same
     * time all count. A key holding a string is WRONGTYPE (the core keeps counters a type of their
     * own). Counters do not run at SERIAL.
     */
    private CompletionStage<Reply> increment(Connection connection, Command command, long delta) {
        Reply.Error tooLarge = sizes.checkKeys(List.of(command.arg(0)));
        if (tooLarge != null) {
            return done(tooLarge);
        }
        return node.increment(rowKey(command.arg(0)), delta, writeLevel(connection)).thenApply(result ->
                result instanceof CounterResult.Success success ? Reply.integer(success.value())
                        : Reply.error(((CounterResult.Failed) result).code(), ((CounterResult.Failed) result).message()));
    }

    private CompletionStage<Reply> incrementBy(Connection connection, Command command, long sign) {
        long amount;
        try {
            amount = Long.parseLong(command.argText(1));
        } catch (NumberFormatException e) {
            return done(Errors.NOT_AN_INTEGER);
        }
        if (sign < 0 && amount == Long.MIN_VALUE) {
            return done(Reply.err("decrement would overflow"));
        }
        return increment(connection, command, sign * amount);
    }

    private CompletionStage<Reply> set(Connection connection, Command command) {
        Reply.Error invalid = sizes.checkKeyAndValue(command.arg(0), command.arg(1));
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
        Row row = Row.set(command.arg(1), options.expiresAtMillis());
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
        Reply.Error tooLarge = sizes.checkKeys(command.args());
        if (tooLarge != null) {
            return done(tooLarge);
        }
        List<CompletableFuture<KeyOutcome>> outcomes = new ArrayList<>();
        for (Bytes key : command.args()) {
            outcomes.add(node.read(rowKey(key), readLevel(connection)).thenCompose(read -> {
                if (read instanceof ReadResult.Failed failed) {
                    return done(KeyOutcome.failed(Errors.of(failed)));
                }
                boolean existed = ((ReadResult.Success) read).row().liveKind(clock.wallMillis()) != null;
                Mutation tombstone = new Mutation(rowKey(key), Row.deletion());
                return node.write(tombstone, writeLevel(connection)).thenApply(write ->
                        write instanceof WriteResult.Failed failed ? KeyOutcome.failed(Errors.of(failed))
                                : KeyOutcome.counted(existed ? 1 : 0));
            }).toCompletableFuture());
        }
        return KeyOutcome.countOrFail(outcomes, "DEL");
    }

    private CompletionStage<Reply> exists(Connection connection, Command command) {
        Reply.Error tooLarge = sizes.checkKeys(command.args());
        if (tooLarge != null) {
            return done(tooLarge);
        }
        List<CompletableFuture<KeyOutcome>> outcomes = new ArrayList<>();
        for (Bytes key : command.args()) {
            outcomes.add(node.read(rowKey(key), readLevel(connection)).thenApply(read ->
                    read instanceof ReadResult.Failed failed ? KeyOutcome.failed(Errors.of(failed))
                            : KeyOutcome.counted(((ReadResult.Success) read).row().liveKind(clock.wallMillis()) != null
                                    ? 1 : 0)).toCompletableFuture());
        }
        return KeyOutcome.countOrFail(outcomes, "EXISTS");
    }

    /** MGET: a key that is missing or holds another type reads as nil, as in Redis. */
    private CompletionStage<Reply> multiGet(Connection connection, Command command) {
        Reply.Error tooLarge = sizes.checkKeys(command.args());
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
            Reply.Error invalid = sizes.checkKeyAndValue(command.arg(i), command.arg(i + 1));
            if (invalid != null) {
                return done(invalid);
            }
        }
        List<CompletableFuture<KeyOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < command.args().size(); i += 2) {
            Row row = Row.set(command.arg(i + 1), 0);
            outcomes.add(node.write(new Mutation(rowKey(command.arg(i)), row), writeLevel(connection))
                    .thenApply(write -> write instanceof WriteResult.Failed failed ? KeyOutcome.failed(Errors.of(failed))
                            : KeyOutcome.counted(1)).toCompletableFuture());
        }
        return KeyOutcome.countOrFail(outcomes, "MSET").thenApply(reply -> reply instanceof Reply.Error ? reply : Reply.ok());
    }

    /** {@code -ERR unknown command 'X', with args beginning with: 'a' }, as Redis words it. */
    private static Reply unknownCommand(Command command) {
        StringBuilder text = new StringBuilder("unknown command '").append(command.rawName().utf8())
                .append("', with args beginning with: ");
        for (int i = 0; i < command.args().size() && text.length() < 256; i++) {
            text.append('\'').append(command.argText(i)).append("' ");
        }
        return Reply.err(text.toString());
    }

    /**
     * FLUSHALL and FLUSHDB (one database, so the same): only with allow-flush=true. Deletes every
     * key it finds by scanning every slot, one key tombstone each, at the connection's levels; keys
     * written during the flush may survive it. ASYNC and SYNC are accepted and make no difference.
     */
    private CompletionStage<Reply> flush(Connection connection, Command command) {
        if (!facts.config().allowFlush()) {
            return done(Reply.err(command.name() + " is disabled on this cluster: set allow-flush=true on every node"
                    + " to allow deleting every key"));
        }
        for (int i = 0; i < command.args().size(); i++) {
            if (!List.of("ASYNC", "SYNC").contains(command.keyword(i))) {
                return done(Errors.SYNTAX);
            }
        }
        ConsistencyLevel level = readLevel(connection) == ConsistencyLevel.SERIAL ? ConsistencyLevel.QUORUM
                : readLevel(connection);
        return scans.allSlots(level, (key, row) -> row.liveKind(clock.wallMillis()) != null).thenCompose(found -> {
            if (found instanceof Reply.Error error) {
                return done((Reply) error);
            }
            @SuppressWarnings("unchecked")
            List<Bytes> all = (List<Bytes>) found;
            List<CompletableFuture<KeyOutcome>> outcomes = new ArrayList<>();
            for (Bytes key : all) {
                outcomes.add(node.write(new Mutation(rowKey(key), Row.deletion()), writeLevel(connection))
                        .thenApply(write -> write instanceof WriteResult.Failed failed
                                ? KeyOutcome.failed(Errors.of(failed)) : KeyOutcome.counted(1)).toCompletableFuture());
            }
            return KeyOutcome.countOrFail(outcomes, command.name())
                    .thenApply(reply -> reply instanceof Reply.Error ? reply : Reply.ok());
        });
    }

    private CompletionStage<Reply> info(Connection connection, Command command) {
        List<String> sections = new ArrayList<>();
        for (int i = 0; i < command.args().size(); i++) {
            sections.add(command.argText(i));
        }
        ConsistencyLevel read = readLevel(connection);
        ConsistencyLevel write = writeLevel(connection);
        return node.inspect(ClusterView::of).thenApply(cluster -> (Reply) Reply.verbatim(
                new InfoReport(facts, cluster, read, write, commandsProcessed.sum()).render(InfoReport.selected(sections))));
    }

    private ConsistencyLevel readLevel(Connection connection) {
        return ConnectionLevels.read(connection, facts.config());
    }

    private ConsistencyLevel writeLevel(Connection connection) {
        return ConnectionLevels.write(connection, facts.config());
    }

    private static RowKey rowKey(Bytes key) {
        return new RowKey(Keyspace.DEFAULT_NAME, key);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
