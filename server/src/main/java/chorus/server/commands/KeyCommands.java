package chorus.server.commands;

import static chorus.server.commands.CommandContext.done;

import chorus.api.Bytes;
import chorus.core.model.Cell;
import chorus.core.model.ColumnKind;
import chorus.core.model.PnCounter;
import chorus.core.model.Row;
import chorus.core.model.Timestamp;
import chorus.core.paxos.SerialResult;
import chorus.core.topology.Slots;
import chorus.resp.Command;
import chorus.resp.Connection;
import chorus.resp.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Expiry and the string and key commands beyond GET and SET: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT,
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST, SETEX, PSETEX, SETNX, GETSET, GETDEL, GETEX, APPEND,
 * STRLEN, GETRANGE, SETRANGE, TYPE, RENAME, RENAMENX, MSETNX, INCRBYFLOAT.
 *
 * <p>Consistency: commands that only read (TTL, PTTL, EXPIRETIME, STRLEN, GETRANGE, TYPE, GETEX
 * without options) run at the connection's read level; SETEX and PSETEX are plain writes at its
 * write level. Every command that changes a key based on its current value (the expiry commands,
 * PERSIST, SETNX, GETSET, GETDEL, GETEX with options, APPEND, SETRANGE, INCRBYFLOAT) runs through Paxos
 * (SERIAL), so it is atomic against every other SERIAL command on the key. A TTL is stored on each
 * of the key's cells: changing it rewrites the key's live cells with the new expiry.
 */
final class KeyCommands {
    private static final Bytes STRING_COLUMN = Cell.column(ColumnKind.STRING, Bytes.EMPTY);

    private final CommandContext context;

    KeyCommands(CommandContext context) {
        this.context = context;
    }

    CompletionStage<Reply> handle(Connection connection, Command command) {
        Reply.Error tooLarge = context.sizes().checkKeys(keys(command));
        if (tooLarge != null) {
            return done(tooLarge);
        }
        return switch (command.name()) {
            case "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT" -> expire(command);
            case "TTL" -> timeToLive(connection, command, 1000);
            case "PTTL" -> timeToLive(connection, command, 1);
            case "EXPIRETIME" -> expireTime(connection, command, 1000);
            case "PEXPIRETIME" -> expireTime(connection, command, 1);
            case "PERSIST" -> persist(command);
            case "SETEX" -> setWithExpiry(connection, command, 1000);
            case "PSETEX" -> setWithExpiry(connection, command, 1);
            case "SETNX" -> setIfAbsent(command);
            case "GETSET" -> getAndSet(command);
            case "GETDEL" -> getAndDelete(command);
            case "GETEX" -> getAndExpire(connection, command);
            case "APPEND" -> append(command);
            case "STRLEN" -> context.withRow(connection, command.arg(0), (row, now) -> {
                Object value = stringValue(row, now);
                return value instanceof Reply reply ? reply : Reply.integer(value == null ? 0 : ((Bytes) value).length());
            });
            case "GETRANGE" -> getRange(connection, command);
            case "SETRANGE" -> setRange(command);
            case "TYPE" -> context.withRow(connection, command.arg(0), (row, now) -> Reply.simple(typeName(row, now)));
            case "RENAME" -> rename(connection, command, false);
            case "RENAMENX" -> rename(connection, command, true);
            case "INCRBYFLOAT" -> incrementByFloat(command);
            case "MSETNX" -> multiSetIfAbsent(connection, command);
            default -> throw new IllegalArgumentException("not a key command: " + command.name());
        };
    }

    private static List<Bytes> keys(Command command) {
        return switch (command.name()) {
            case "RENAME", "RENAMENX" -> command.args().subList(0, 2);
            case "MSETNX" -> {
                List<Bytes> keys = new ArrayList<>();
                for (int i = 0; i < command.args().size(); i += 2) {
                    keys.add(command.arg(i));
                }
                yield keys;
            }
            default -> List.of(command.arg(0));
        };
    }

    /** The Redis type name: a counter is a string, as INCR keys are in Redis. */
    static String typeName(Row row, long nowMillis) {
        ColumnKind kind = row.liveKind(nowMillis);
        if (kind == null) {
            return "none";
        }
        return switch (kind) {
            case STRING, COUNTER_SHARD -> "string";
            case HASH_FIELD -> "hash";
        };
    }

    /**
     * The key's string value: {@link Bytes}, null when the key does not exist, or WRONGTYPE (a
     * {@link Reply}). A counter reads as its decimal value.
     */
    static Object stringValue(Row row, long nowMillis) {
        ColumnKind kind = row.liveKind(nowMillis);
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case STRING -> row.liveCells(nowMillis).get(STRING_COLUMN).value();
            case COUNTER_SHARD -> Bytes.utf8(Long.toString(PnCounter.value(row, nowMillis)));
            case HASH_FIELD -> Errors.WRONG_TYPE;
        };
    }

    private static Reply valueReply(Object value) {
        if (value == null) {
            return Reply.nullBulk();
        }
        return value instanceof Reply reply ? reply : Reply.bulk((Bytes) value);
    }

    /** The key's live cells with a new expiry (0: none), for a coordinator to stamp. */
    static Row withExpiry(Row current, long nowMillis, long expiresAtMillis) {
        List<Cell> cells = new ArrayList<>();
        for (Cell cell : current.liveCells(nowMillis).values()) {
            cells.add(new Cell(cell.column(), cell.value(), Timestamp.PLACEHOLDER, expiresAtMillis));
        }
        return Row.of(Timestamp.MIN, cells);
    }

    private CompletionStage<Reply> expire(Command command) {
        long amount;
        try {
            amount = Long.parseLong(command.argText(1));
        } catch (NumberFormatException e) {
            return done(Errors.NOT_AN_INTEGER);
        }
        String condition = command.args().size() > 2 ? command.keyword(2) : "";
        if (command.args().size() > 3 || !List.of("", "NX", "XX", "GT", "LT").contains(condition)) {
            return done(Reply.err("Unsupported option " + command.argText(command.args().size() - 1)));
        }
        long now = context.now();
        long expiresAt;
        try {
            expiresAt = switch (command.name()) {
                case "EXPIRE" -> Math.addExact(now, Math.multiplyExact(amount, 1000L));
                case "PEXPIRE" -> Math.addExact(now, amount);
                case "EXPIREAT" -> Math.multiplyExact(amount, 1000L);
                default -> amount;
            };
        } catch (ArithmeticException e) {
            return done(Reply.err("invalid expire time in '" + command.name().toLowerCase(Locale.ROOT) + "' command"));
        }
        return context.serial(command.arg(0), (current, nowMillis) -> {
            if (current.liveKind(nowMillis) == null) {
                return SerialCommand.Outcome.reply(Reply.integer(0));
            }
            long existing = CommandContext.keyExpiry(current, nowMillis);
            boolean applies = switch (condition) {
                case "NX" -> existing == 0;
                case "XX" -> existing != 0;
                case "GT" -> existing != 0 && expiresAt > existing;
                case "LT" -> existing == 0 || expiresAt < existing;
                default -> true;
            };
            if (!applies) {
                return SerialCommand.Outcome.reply(Reply.integer(0));
            }
            Row update = expiresAt <= nowMillis ? Row.deletion() : withExpiry(current, nowMillis, expiresAt);
            return new SerialCommand.Outcome(update, Reply.integer(1));
        });
    }

    /** TTL and PTTL: -2 when the key does not exist, -1 when it has no expiry. */
    private CompletionStage<Reply> timeToLive(Connection connection, Command command, long unitMillis) {
        return context.withRow(connection, command.arg(0), (row, now) -> {
            if (row.liveKind(now) == null) {
                return Reply.integer(-2);
            }
            long expiresAt = CommandContext.keyExpiry(row, now);
            if (expiresAt == 0) {
                return Reply.integer(-1);
            }
            long remaining = Math.max(0, expiresAt - now);
            return Reply.integer(unitMillis == 1 ? remaining : (remaining + 500) / 1000);
        });
    }

    private CompletionStage<Reply> expireTime(Connection connection, Command command, long unitMillis) {
        return context.withRow(connection, command.arg(0), (row, now) -> {
            if (row.liveKind(now) == null) {
                return Reply.integer(-2);
            }
            long expiresAt = CommandContext.keyExpiry(row, now);
            return Reply.integer(expiresAt == 0 ? -1 : expiresAt / unitMillis);
        });
    }

    private CompletionStage<Reply> persist(Command command) {
        return context.serial(command.arg(0), (current, now) -> {
            if (current.liveKind(now) == null || CommandContext.keyExpiry(current, now) == 0) {
                return SerialCommand.Outcome.reply(Reply.integer(0));
            }
            return new SerialCommand.Outcome(withExpiry(current, now, 0), Reply.integer(1));
        });
    }

    private CompletionStage<Reply> setWithExpiry(Connection connection, Command command, long unitMillis) {
        Reply.Error invalid = context.sizes().checkKeyAndValue(command.arg(0), command.arg(2));
        if (invalid != null) {
            return done(invalid);
        }
        long amount;
        try {
            amount = Long.parseLong(command.argText(1));
        } catch (NumberFormatException e) {
            return done(Errors.NOT_AN_INTEGER);
        }
        long expiresAt;
        try {
            expiresAt = amount <= 0 ? 0 : Math.addExact(context.now(), Math.multiplyExact(amount, unitMillis));
        } catch (ArithmeticException e) {
            expiresAt = 0;
        }
        if (expiresAt <= 0) {
            return done(Reply.err("invalid expire time in '" + command.name().toLowerCase(Locale.ROOT) + "' command"));
        }
        return context.write(connection, command.arg(0), Row.set(command.arg(2), expiresAt), Reply.ok());
    }

    private CompletionStage<Reply> setIfAbsent(Command command) {
        Reply.Error invalid = context.sizes().checkKeyAndValue(command.arg(0), command.arg(1));
        if (invalid != null) {
            return done(invalid);
        }
        Bytes value = command.arg(1);
        return context.serial(command.arg(0), (current, now) -> current.liveKind(now) != null
                ? SerialCommand.Outcome.reply(Reply.integer(0))
                : new SerialCommand.Outcome(Row.set(value, 0), Reply.integer(1)));
    }

    /** GETSET: SET ... GET. A hash is WRONGTYPE; so is a counter, whose value is not a plain string. */
    private CompletionStage<Reply> getAndSet(Command command) {
        Reply.Error invalid = context.sizes().checkKeyAndValue(command.arg(0), command.arg(1));
        if (invalid != null) {
            return done(invalid);
        }
        Bytes value = command.arg(1);
        return context.serial(command.arg(0), (current, now) -> {
            Object old = stringValue(current, now);
            if (old instanceof Reply error) {
                return SerialCommand.Outcome.reply(error);
            }
            return new SerialCommand.Outcome(Row.set(value, 0), valueReply(old));
        });
    }

    private CompletionStage<Reply> getAndDelete(Command command) {
        return context.serial(command.arg(0), (current, now) -> {
            Object old = stringValue(current, now);
            if (old == null || old instanceof Reply) {
                return SerialCommand.Outcome.reply(valueReply(old));
            }
            return new SerialCommand.Outcome(Row.deletion(), valueReply(old));
        });
    }

    /** GETEX without options is a read; with EX, PX, EXAT, PXAT or PERSIST it rewrites the expiry (SERIAL). */
    private CompletionStage<Reply> getAndExpire(Connection connection, Command command) {
        if (command.args().size() == 1) {
            return context.withRow(connection, command.arg(0), (row, now) -> valueReply(stringValue(row, now)));
        }
        String option = command.keyword(1);
        long now = context.now();
        long expiresAt;
        if (option.equals("PERSIST") && command.args().size() == 2) {
            expiresAt = 0;
        } else if (command.args().size() == 3 && List.of("EX", "PX", "EXAT", "PXAT").contains(option)) {
            long amount;
            try {
                amount = Long.parseLong(command.argText(2));
            } catch (NumberFormatException e) {
                return done(Errors.NOT_AN_INTEGER);
            }
            try {
                expiresAt = amount <= 0 ? 0 : switch (option) {
                    case "EX" -> Math.addExact(now, Math.multiplyExact(amount, 1000L));
                    case "PX" -> Math.addExact(now, amount);
                    case "EXAT" -> Math.multiplyExact(amount, 1000L);
                    default -> amount;
                };
            } catch (ArithmeticException e) {
                expiresAt = 0;
            }
            if (expiresAt <= 0) {
                return done(Reply.err("invalid expire time in 'getex' command"));
            }
        } else {
            return done(Errors.SYNTAX);
        }
        long newExpiry = expiresAt;
        return context.serial(command.arg(0), (current, nowMillis) -> {
            Object value = stringValue(current, nowMillis);
            if (value == null || value instanceof Reply) {
                return SerialCommand.Outcome.reply(valueReply(value));
            }
            Row update = newExpiry != 0 && newExpiry <= nowMillis ? Row.deletion()
                    : withExpiry(current, nowMillis, newExpiry);
            return new SerialCommand.Outcome(update, valueReply(value));
        });
    }

    /** APPEND keeps the key's expiry. A counter is WRONGTYPE: append to a string, or SET it first. */
    private CompletionStage<Reply> append(Command command) {
        Bytes suffix = command.arg(1);
        long maxValueSize = context.facts().config().limits().maxValueSize();
        return context.serial(command.arg(0), (current, now) -> {
            ColumnKind kind = current.liveKind(now);
            if (kind != null && kind != ColumnKind.STRING) {
                return SerialCommand.Outcome.reply(Errors.WRONG_TYPE);
            }
            Cell cell = kind == null ? null : current.liveCells(now).get(STRING_COLUMN);
            Bytes before = cell == null ? Bytes.EMPTY : cell.value();
            if ((long) before.length() + suffix.length() > maxValueSize) {
                return SerialCommand.Outcome.reply(Reply.err("string exceeds maximum allowed size (max-value-size "
                        + maxValueSize + ")"));
            }
            byte[] joined = Arrays.copyOf(before.arrayUnsafe(), before.length() + suffix.length());
            System.arraycopy(suffix.arrayUnsafe(), 0, joined, before.length(), suffix.length());
            Row update = Row.set(Bytes.wrapUnsafe(joined), cell == null ? 0 : cell.expiresAtMillis());
            return new SerialCommand.Outcome(update, Reply.integer(joined.length));
        });
    }

    private CompletionStage<Reply> getRange(Connection connection, Command command) {
        long start;
        long end;
        try {
            start = Long.parseLong(command.argText(1));
            end = Long.parseLong(command.argText(2));
        } catch (NumberFormatException e) {
            return done(Errors.NOT_AN_INTEGER);
        }
        return context.withRow(connection, command.arg(0), (row, now) -> {
            Object value = stringValue(row, now);
            if (value instanceof Reply error) {
                return error;
            }
            Bytes bytes = value == null ? Bytes.EMPTY : (Bytes) value;
            return Reply.bulk(range(bytes, start, end));
        });
    }

    /** Redis's GETRANGE: negative offsets count from the end; the range is clamped and inclusive. */
    static Bytes range(Bytes value, long start, long end) {
        long length = value.length();
        if (start < 0 && end < 0 && start > end) {
            return Bytes.EMPTY;
        }
        long from = start < 0 ? Math.max(0, length + start) : start;
        long to = end < 0 ? length + end : end;
        to = Math.min(to, length - 1);
        if (length == 0 || from > to) {
            return Bytes.EMPTY;
        }
        return Bytes.copyOf(value.arrayUnsafe(), (int) from, (int) (to - from + 1));
    }

    /** SETRANGE pads with zero bytes and keeps the key's expiry; a counter is WRONGTYPE. */
    private CompletionStage<Reply> setRange(Command command) {
        long offset;
        try {
            offset = Long.parseLong(command.argText(1));
        } catch (NumberFormatException e) {
            return done(Errors.NOT_AN_INTEGER);
        }
        if (offset < 0) {
            return done(Reply.err("offset is out of range"));
        }
        Bytes patch = command.arg(2);
        long maxValueSize = context.facts().config().limits().maxValueSize();
        if (offset + patch.length() > maxValueSize) {
            return done(Reply.err("string exceeds maximum allowed size (max-value-size " + maxValueSize + ")"));
        }
        return context.serial(command.arg(0), (current, now) -> {
            ColumnKind kind = current.liveKind(now);
            if (kind != null && kind != ColumnKind.STRING) {
                return SerialCommand.Outcome.reply(Errors.WRONG_TYPE);
            }
            Cell cell = kind == null ? null : current.liveCells(now).get(STRING_COLUMN);
            Bytes before = cell == null ? Bytes.EMPTY : cell.value();
            if (patch.isEmpty()) {
                return SerialCommand.Outcome.reply(Reply.integer(before.length()));
            }
            byte[] result = Arrays.copyOf(before.arrayUnsafe(), (int) Math.max(before.length(), offset + patch.length()));
            System.arraycopy(patch.arrayUnsafe(), 0, result, (int) offset, patch.length());
            Row update = Row.set(Bytes.wrapUnsafe(result), cell == null ? 0 : cell.expiresAtMillis());
            return new SerialCommand.Outcome(update, Reply.integer(result.length));
        });
    }

    /**
     * RENAME, for two keys in one slot. Chorus has no transaction across keys, so it takes three
     * steps: a SERIAL read of the source, a write of its cells (with their expiry) over the
     * destination at the connection's write level, then a SERIAL delete of the source if it still
     * holds what was copied. A failure between steps can leave both keys holding the value, never
     * neither; a source changed meanwhile is kept, and the reply says so.
     */
    private CompletionStage<Reply> rename(Connection connection, Command command, boolean ifAbsent) {
        Bytes source = command.arg(0);
        Bytes target = command.arg(1);
        if (Slots.slotOf(source) != Slots.slotOf(target)) {
            return done(Errors.CROSS_SLOT);
        }
        Reply success = ifAbsent ? Reply.integer(1) : Reply.ok();
        long now = context.now();
        return context.node().serial(CommandContext.rowKey(source), current -> null).thenCompose(read -> {
            if (read instanceof SerialResult.Failed failed) {
                return done((Reply) Reply.error(failed.code(), failed.message()));
            }
            Row copied = ((SerialResult.Success) read).current();
            if (copied.liveKind(now) == null) {
                return done((Reply) Reply.err("no such key"));
            }
            if (source.equals(target)) {
                return done(ifAbsent ? Reply.integer(0) : Reply.ok());
            }
            CompletionStage<Reply> targetFree = !ifAbsent ? done(success) : context.serial(target, (current, nowMillis) ->
                    SerialCommand.Outcome.reply(current.liveKind(now) == null ? success : Reply.integer(0)));
            return targetFree.thenCompose(free -> !free.equals(success) ? done(free)
                    : copyThenDelete(connection, source, target, copied, now, success));
        });
    }

    private CompletionStage<Reply> copyThenDelete(Connection connection, Bytes source, Bytes target, Row copied,
                                                  long now, Reply success) {
        return context.write(connection, target, replacement(copied, now), success).thenCompose(written -> {
            if (written instanceof Reply.Error) {
                return done(written);
            }
            return context.serial(source, (current, nowMillis) -> {
                if (!current.liveCells(now).equals(copied.liveCells(now))) {
                    return SerialCommand.Outcome.reply(Reply.err("RENAME copied the value to " + target.utf8()
                            + " but kept the source, which changed meanwhile; both keys now exist"));
                }
                return new SerialCommand.Outcome(Row.deletion(), success);
            });
        });
    }

    /**
     * INCRBYFLOAT on a string (SERIAL; keeps the expiry). A counter is WRONGTYPE: its shards hold
     * integers, and a float increment could not merge with other nodes' increments.
     */
    private CompletionStage<Reply> incrementByFloat(Command command) {
        double delta;
        try {
            delta = Numbers.parseDouble(command.argText(1));
        } catch (NumberFormatException e) {
            return done(Reply.err("value is not a valid float"));
        }
        return context.serial(command.arg(0), (current, now) -> {
            ColumnKind kind = current.liveKind(now);
            if (kind != null && kind != ColumnKind.STRING) {
                return SerialCommand.Outcome.reply(Errors.WRONG_TYPE);
            }
            Cell cell = kind == null ? null : current.liveCells(now).get(STRING_COLUMN);
            double before = 0;
            if (cell != null) {
                try {
                    before = Numbers.parseDouble(cell.value().utf8());
                } catch (NumberFormatException e) {
                    return SerialCommand.Outcome.reply(Reply.err("value is not a valid float"));
                }
            }
            double after = before + delta;
            if (Double.isNaN(after) || Double.isInfinite(after)) {
                return SerialCommand.Outcome.reply(Reply.err("increment would produce NaN or Infinity"));
            }
            Bytes text = Bytes.utf8(Numbers.format(after));
            return new SerialCommand.Outcome(Row.set(text, cell == null ? 0 : cell.expiresAtMillis()), Reply.bulk(text));
        });
    }

    /** The live cells of {@code source} as a row that replaces whatever its new key held. */
    private static Row replacement(Row source, long nowMillis) {
        List<Cell> cells = new ArrayList<>();
        for (Cell cell : source.liveCells(nowMillis).values()) {
            cells.add(new Cell(cell.column(), cell.value(), Timestamp.PLACEHOLDER, cell.expiresAtMillis()));
        }
        return Row.of(Timestamp.PLACEHOLDER, cells);
    }

    /**
     * MSETNX: keys must share a slot, as in Redis Cluster. Not atomic: it checks that every key is
     * absent (SERIAL reads) and then writes them all; a writer of these keys in between wins or
     * loses by timestamp.
     */
    private CompletionStage<Reply> multiSetIfAbsent(Connection connection, Command command) {
        if (command.args().size() % 2 != 0) {
            return done(Reply.err("wrong number of arguments for 'msetnx' command"));
        }
        int slot = Slots.slotOf(command.arg(0));
        for (int i = 0; i < command.args().size(); i += 2) {
            Reply.Error invalid = context.sizes().checkKeyAndValue(command.arg(i), command.arg(i + 1));
            if (invalid != null) {
                return done(invalid);
            }
            if (Slots.slotOf(command.arg(i)) != slot) {
                return done(Errors.CROSS_SLOT);
            }
        }
        List<CompletableFuture<Reply>> checks = new ArrayList<>();
        for (int i = 0; i < command.args().size(); i += 2) {
            checks.add(context.serial(command.arg(i), (current, now) -> SerialCommand.Outcome.reply(
                    Reply.integer(current.liveKind(now) == null ? 1 : 0))).toCompletableFuture());
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            for (CompletableFuture<Reply> check : checks) {
                Reply reply = check.join();
                if (reply instanceof Reply.Error) {
                    return done(reply);
                }
                if (!reply.equals(Reply.integer(1))) {
                    return done((Reply) Reply.integer(0));
                }
            }
            List<CompletableFuture<Reply>> writes = new ArrayList<>();
            for (int i = 0; i < command.args().size(); i += 2) {
                writes.add(context.write(connection, command.arg(i), Row.set(command.arg(i + 1), 0), Reply.integer(1))
                        .toCompletableFuture());
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(done -> {
                for (CompletableFuture<Reply> write : writes) {
                    if (write.join() instanceof Reply.Error error) {
                        return (Reply) Reply.error(error.code(), error.message() + " (MSETNX is not atomic: some keys"
                                + " may be set)");
                    }
                }
                return Reply.integer(1);
            });
        });
    }
}
