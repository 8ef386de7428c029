package chorus.server.commands;

import static chorus.server.commands.CommandContext.done;

import chorus.api.Bytes;
import chorus.core.model.Cell;
import chorus.core.model.ColumnKind;
import chorus.core.model.Row;
import chorus.core.model.Timestamp;
import chorus.resp.Command;
import chorus.resp.Connection;
import chorus.resp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * Hashes, one cell per field (D3): HSET, HMSET, HGET, HMGET, HGETALL, HDEL, HEXISTS, HLEN, HKEYS,
 * HVALS, HSTRLEN, HSCAN, HINCRBY, HINCRBYFLOAT, HSETNX.
 *
 * <p>Consistency: reads run at the connection's read level. HSET, HMSET and HDEL read the key (at
 * the read level: to check its type and count the fields they add or remove) and then write only
 * the fields they name (at the write level), so writers of different fields never overwrite each
 * other; the read and the write are not atomic, so a concurrent SET of the key can leave it
 * holding a string and the new fields, and it then reads as the string. HINCRBY, HINCRBYFLOAT and
 * HSETNX run through Paxos (SERIAL): atomic against each other and against the other SERIAL
 * commands, but not against a concurrent plain HSET of the same field (last write wins).
 *
 * <p>A new field gets the key's current expiry, so EXPIRE on a hash covers fields added later.
 */
final class HashCommands {
    private final CommandContext context;

    HashCommands(CommandContext context) {
        this.context = context;
    }

    static Bytes column(Bytes field) {
        return Cell.column(ColumnKind.HASH_FIELD, field);
    }

    CompletionStage<Reply> handle(Connection connection, Command command) {
        Reply.Error tooLarge = context.sizes().checkKeys(List.of(command.arg(0)));
        if (tooLarge != null) {
            return done(tooLarge);
        }
        return switch (command.name()) {
            case "HSET" -> set(connection, command, false);
            case "HMSET" -> set(connection, command, true);
            case "HGET" -> read(connection, command, (fields, now) -> value(fields, command.arg(1)));
            case "HMGET" -> read(connection, command, (fields, now) -> {
                List<Reply> values = new ArrayList<>();
                for (int i = 1; i < command.args().size(); i++) {
                    values.add(value(fields, command.arg(i)));
                }
                return Reply.array(values);
            });
            case "HGETALL" -> read(connection, command, (fields, now) -> {
                List<Reply.Pair> pairs = new ArrayList<>();
                fields.forEach((field, value) -> pairs.add(Reply.pair(Reply.bulk(field), Reply.bulk(value))));
                return Reply.map(pairs);
            });
            case "HEXISTS" -> read(connection, command, (fields, now) ->
                    Reply.integer(fields.containsKey(command.arg(1)) ? 1 : 0));
            case "HLEN" -> read(connection, command, (fields, now) -> Reply.integer(fields.size()));
            case "HKEYS" -> read(connection, command, (fields, now) -> Reply.bulkArray(List.copyOf(fields.keySet())));
            case "HVALS" -> read(connection, command, (fields, now) -> Reply.bulkArray(List.copyOf(fields.values())));
            case "HSTRLEN" -> read(connection, command, (fields, now) -> {
                Bytes value = fields.get(command.arg(1));
                return Reply.integer(value == null ? 0 : value.length());
            });
            case "HSCAN" -> scan(connection, command);
            case "HDEL" -> delete(connection, command);
            case "HINCRBY" -> incrementBy(command);
            case "HINCRBYFLOAT" -> incrementByFloat(command);
            case "HSETNX" -> setIfAbsent(command);
            default -> throw new IllegalArgumentException("not a hash command: " + command.name());
        };
    }

    /** The live fields of a hash row, by name; null when the key holds another type. */
    static NavigableMap<Bytes, Bytes> fields(Row row, long nowMillis) {
        ColumnKind kind = row.liveKind(nowMillis);
        if (kind != null && kind != ColumnKind.HASH_FIELD) {
            return null;
        }
        NavigableMap<Bytes, Bytes> fields = new TreeMap<>();
        for (Cell cell : row.liveCells(nowMillis).values()) {
            if (cell.kind() == ColumnKind.HASH_FIELD) {
                fields.put(cell.name(), cell.value());
            }
        }
        return fields;
    }

    @FunctionalInterface
    private interface FieldsReply {
        Reply apply(NavigableMap<Bytes, Bytes> fields, long nowMillis);
    }

    private CompletionStage<Reply> read(Connection connection, Command command, FieldsReply then) {
        return context.withRow(connection, command.arg(0), (row, now) -> {
            NavigableMap<Bytes, Bytes> fields = fields(row, now);
            return fields == null ? Errors.WRONG_TYPE : then.apply(fields, now);
        });
    }

    private static Reply value(Map<Bytes, Bytes> fields, Bytes field) {
        Bytes value = fields.get(field);
        return value == null ? Reply.nullBulk() : Reply.bulk(value);
    }

    /** HSET replies how many fields are new; HMSET (the older form YCSB still sends) replies OK. */
    private CompletionStage<Reply> set(Connection connection, Command command, boolean legacy) {
        if (command.args().size() % 2 != 1) {
            return done(Reply.err("wrong number of arguments for '" + command.name().toLowerCase(Locale.ROOT)
                    + "' command"));
        }
        TreeMap<Bytes, Bytes> updates = new TreeMap<>();
        for (int i = 1; i < command.args().size(); i += 2) {
            Reply.Error invalid = context.sizes().checkKeyAndValue(command.arg(i), command.arg(i + 1));
            if (invalid != null) {
                return done(invalid);
            }
            updates.put(command.arg(i), command.arg(i + 1));
        }
        return context.thenWithRow(connection, command.arg(0), (row, now) -> {
            NavigableMap<Bytes, Bytes> fields = fields(row, now);
            if (fields == null) {
                return done(Errors.WRONG_TYPE);
            }
            long added = updates.keySet().stream().filter(field -> !fields.containsKey(field)).count();
            Row update = fieldsRow(updates, CommandContext.keyExpiry(row, now));
            return context.write(connection, command.arg(0), update, legacy ? Reply.ok() : Reply.integer(added));
        });
    }

    /** A row of hash-field cells with placeholder timestamps; a null value is a field tombstone. */
    static Row fieldsRow(Map<Bytes, Bytes> values, long expiresAtMillis) {
        List<Cell> cells = new ArrayList<>();
        values.forEach((field, value) -> cells.add(value == null ? Cell.tombstone(column(field), Timestamp.PLACEHOLDER)
                : new Cell(column(field), value, Timestamp.PLACEHOLDER, expiresAtMillis)));
        return Row.of(Timestamp.MIN, cells);
    }

    /**
     * HDEL writes a tombstone for every named field, found or not: a read at ONE may miss a field
     * that other replicas hold. It replies how many of the fields the read saw.
     */
    private CompletionStage<Reply> delete(Connection connection, Command command) {
        TreeMap<Bytes, Bytes> tombstones = new TreeMap<>();
        for (int i = 1; i < command.args().size(); i++) {
            tombstones.put(command.arg(i), null);
        }
        return context.thenWithRow(connection, command.arg(0), (row, now) -> {
            NavigableMap<Bytes, Bytes> fields = fields(row, now);
            if (fields == null) {
                return done(Errors.WRONG_TYPE);
            }
            long removed = tombstones.keySet().stream().filter(fields::containsKey).count();
            return context.write(connection, command.arg(0), fieldsRow(tombstones, 0), Reply.integer(removed));
        });
    }

    /** HSCAN returns the whole hash in one page (cursor 0), which Redis also does for small hashes. */
    private CompletionStage<Reply> scan(Connection connection, Command command) {
        ScanOptions.Parsed parsed = ScanOptions.parse(command, 2, false);
        if (parsed instanceof ScanOptions.Invalid invalid) {
            return done(invalid.error());
        }
        ScanOptions options = ((ScanOptions.Valid) parsed).options();
        return read(connection, command, (fields, now) -> {
            List<Reply> items = new ArrayList<>();
            fields.forEach((field, value) -> {
                if (options.matches(field)) {
                    items.add(Reply.bulk(field));
                    items.add(Reply.bulk(value));
                }
            });
            return Reply.array(Reply.bulk("0"), Reply.array(items));
        });
    }

    private CompletionStage<Reply> incrementBy(Command command) {
        long delta;
        try {
            delta = Long.parseLong(command.argText(2));
        } catch (NumberFormatException e) {
            return done(Errors.NOT_AN_INTEGER);
        }
        Bytes field = command.arg(1);
        return context.serial(command.arg(0), (current, now) -> {
            NavigableMap<Bytes, Bytes> fields = fields(current, now);
            if (fields == null) {
                return SerialCommand.Outcome.reply(Errors.WRONG_TYPE);
            }
            long before = 0;
            if (fields.containsKey(field)) {
                try {
                    before = Long.parseLong(fields.get(field).utf8());
                } catch (NumberFormatException e) {
                    return SerialCommand.Outcome.reply(Reply.err("hash value is not an integer"));
                }
            }
            long after;
            try {
                after = Math.addExact(before, delta);
            } catch (ArithmeticException e) {
                return SerialCommand.Outcome.reply(Reply.err("increment or decrement would overflow"));
            }
            Row update = fieldsRow(Map.of(field, Bytes.utf8(Long.toString(after))), CommandContext.keyExpiry(current, now));
            return new SerialCommand.Outcome(update, Reply.integer(after));
        });
    }

    private CompletionStage<Reply> incrementByFloat(Command command) {
        double delta;
        try {
            delta = Numbers.parseDouble(command.argText(2));
        } catch (NumberFormatException e) {
            return done(Reply.err("value is not a valid float"));
        }
        Bytes field = command.arg(1);
        return context.serial(command.arg(0), (current, now) -> {
            NavigableMap<Bytes, Bytes> fields = fields(current, now);
            if (fields == null) {
                return SerialCommand.Outcome.reply(Errors.WRONG_TYPE);
            }
            double before = 0;
            if (fields.containsKey(field)) {
                try {
                    before = Numbers.parseDouble(fields.get(field).utf8());
                } catch (NumberFormatException e) {
                    return SerialCommand.Outcome.reply(Reply.err("hash value is not a float"));
                }
            }
            double after = before + delta;
            if (Double.isNaN(after) || Double.isInfinite(after)) {
                return SerialCommand.Outcome.reply(Reply.err("increment would produce NaN or Infinity"));
            }
            Bytes text = Bytes.utf8(Numbers.format(after));
            Row update = fieldsRow(Map.of(field, text), CommandContext.keyExpiry(current, now));
            return new SerialCommand.Outcome(update, Reply.bulk(text));
        });
    }

    private CompletionStage<Reply> setIfAbsent(Command command) {
        Reply.Error invalid = context.sizes().checkKeyAndValue(command.arg(1), command.arg(2));
        if (invalid != null) {
            return done(invalid);
        }
        Bytes field = command.arg(1);
        return context.serial(command.arg(0), (current, now) -> {
            NavigableMap<Bytes, Bytes> fields = fields(current, now);
            if (fields == null) {
                return SerialCommand.Outcome.reply(Errors.WRONG_TYPE);
            }
            if (fields.containsKey(field)) {
                return SerialCommand.Outcome.reply(Reply.integer(0));
            }
            Row update = fieldsRow(Map.of(field, command.arg(2)), CommandContext.keyExpiry(current, now));
            return new SerialCommand.Outcome(update, Reply.integer(1));
        });
    }
}
