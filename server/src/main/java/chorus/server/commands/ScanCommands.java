package chorus.server.commands;

import static chorus.server.commands.CommandContext.done;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.node.Keyspace;
import chorus.core.replication.ScanResult;
import chorus.core.topology.Slots;
import chorus.resp.Command;
import chorus.resp.Connection;
import chorus.resp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;

/**
 * Commands that walk the keyspace slot by slot: SCAN, KEYS, DBSIZE, and CLUSTER COUNTKEYSINSLOT /
 * GETKEYSINSLOT. Each slot is read whole, page by page, from its replicas at the connection's read
 * level (QUORUM for a SERIAL connection: scans do not run through Paxos), merging what the
 * replicas hold, so keys written at QUORUM are seen by a QUORUM scan.
 *
 * <p>The SCAN cursor is the number of the next slot to read (0 starts, and 0 is returned once
 * slot 16383 is done). Since one call always finishes the slots it starts, every key that exists
 * for the whole iteration is returned exactly once, and a key added or removed meanwhile at most
 * once; the cursor stays valid across restarts, through any node, and across topology changes.
 * COUNT is a hint: a call returns at least COUNT keys, unless it reaches the last slot or has read
 * {@value #SLOTS_PER_CALL_MIN} slots (or 16 per requested key, if more), and it can return more, as
 * a slot's keys come back together.
 */
final class ScanCommands {
    static final int PAGE_ROWS = 1000;
    private static final int SLOTS_PER_CALL_MIN = 256;
    private static final int PARALLEL_SLOTS = 16;

    private final CommandContext context;

    ScanCommands(CommandContext context) {
        this.context = context;
    }

    CompletionStage<Reply> scan(Connection connection, Command command) {
        long cursor;
        try {
            cursor = Long.parseLong(command.argText(0));
        } catch (NumberFormatException e) {
            return done(Reply.err("invalid cursor"));
        }
        if (cursor < 0 || cursor >= Slots.COUNT) {
            return done(Reply.err("invalid cursor " + cursor + " (Chorus cursors are slot numbers, 0.."
                    + (Slots.COUNT - 1) + ")"));
        }
        ScanOptions.Parsed parsed = ScanOptions.parse(command, 1, true);
        if (parsed instanceof ScanOptions.Invalid invalid) {
            return done(invalid.error());
        }
        ScanOptions options = ((ScanOptions.Valid) parsed).options();
        int slotsMax = (int) Math.min(Slots.COUNT, Math.max(SLOTS_PER_CALL_MIN, 16L * options.count()));
        List<Bytes> keys = new ArrayList<>();
        return scanFrom(level(connection), (int) cursor, (int) cursor + slotsMax, options, keys).thenApply(next -> {
            if (next instanceof Reply.Error error) {
                return error;
            }
            long nextSlot = ((Reply.Integer) next).value();
            String nextCursor = nextSlot >= Slots.COUNT ? "0" : Long.toString(nextSlot);
            return Reply.array(Reply.bulk(nextCursor), Reply.bulkArray(keys));
        });
    }

    /**
     * Reads slots from {@code slot}, {@link #PARALLEL_SLOTS} at a time, adding the matching keys,
     * until there are {@code options.count()} keys or {@code slotEnd} is reached; answers the next
     * slot to read (as an integer reply) or the first failure.
     */
    private CompletionStage<Reply> scanFrom(ConsistencyLevel level, int slot, int slotEnd, ScanOptions options,
                                            List<Bytes> keys) {
        int end = Math.min(Math.min(slotEnd, Slots.COUNT), slot + PARALLEL_SLOTS);
        if (slot >= end || keys.size() >= options.count()) {
            return done(Reply.integer(slot));
        }
        List<CompletableFuture<Object>> batch = new ArrayList<>();
        for (int s = slot; s < end; s++) {
            batch.add(slotKeys(level, s, (key, row) -> matches(key, row, options)).toCompletableFuture());
        }
        return CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            for (CompletableFuture<Object> result : batch) {
                if (result.join() instanceof Reply.Error error) {
                    return done(error);
                }
            }
            for (CompletableFuture<Object> result : batch) {
                @SuppressWarnings("unchecked")
                List<Bytes> found = (List<Bytes>) result.join();
                keys.addAll(found);
            }
            return scanFrom(level, end, slotEnd, options, keys);
        });
    }

    private boolean matches(Bytes key, Row row, ScanOptions options) {
        long now = context.now();
        String type = KeyCommands.typeName(row, now);
        return !type.equals("none") && options.matches(key) && (options.type() == null || options.type().equals(type));
    }

    /** KEYS pattern: every slot, all at once. Reads the whole keyspace; use SCAN in production. */
    CompletionStage<Reply> keys(Connection connection, Command command) {
        Bytes pattern = command.arg(0);
        boolean all = pattern.equals(Bytes.utf8("*"));
        return allSlots(level(connection), (key, row) -> row.liveKind(context.now()) != null
                && (all || GlobPattern.matches(pattern, key))).thenApply(result ->
                result instanceof Reply.Error error ? error : Reply.bulkArray(asKeys(result)));
    }

    /** DBSIZE: an exact count, by reading every slot (so it costs as much as KEYS *). */
    CompletionStage<Reply> size(Connection connection) {
        return allSlots(level(connection), (key, row) -> row.liveKind(context.now()) != null)
                .thenApply(result -> result instanceof Reply.Error error ? error : Reply.integer(asKeys(result).size()));
    }

    /** The keys of one slot (CLUSTER GETKEYSINSLOT / COUNTKEYSINSLOT), or an error reply. */
    CompletionStage<Object> keysInSlot(Connection connection, int slot) {
        return slotKeys(level(connection), slot, (key, row) -> row.liveKind(context.now()) != null);
    }

    /** The matching keys of every slot, or the first error; reads {@value #PARALLEL_SLOTS} slots at a time. */
    CompletionStage<Object> allSlots(ConsistencyLevel level, BiPredicate<Bytes, Row> filter) {
        List<Bytes> keys = new ArrayList<>();
        return allSlotsFrom(level, 0, filter, keys);
    }

    private CompletionStage<Object> allSlotsFrom(ConsistencyLevel level, int slot, BiPredicate<Bytes, Row> filter,
                                                 List<Bytes> keys) {
        if (slot >= Slots.COUNT) {
            return done(keys);
        }
        int end = Math.min(Slots.COUNT, slot + PARALLEL_SLOTS * 4);
        List<CompletableFuture<Object>> batch = new ArrayList<>();
        for (int s = slot; s < end; s++) {
            batch.add(slotKeys(level, s, filter).toCompletableFuture());
        }
        return CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            for (CompletableFuture<Object> result : batch) {
                Object value = result.join();
                if (value instanceof Reply.Error) {
                    return done(value);
                }
                keys.addAll(asKeys(value));
            }
            return allSlotsFrom(level, end, filter, keys);
        });
    }

    /** Every key of {@code slot} that passes {@code filter}, page by page: a {@code List<Bytes>} or an error reply. */
    private CompletionStage<Object> slotKeys(ConsistencyLevel level, int slot, BiPredicate<Bytes, Row> filter) {
        return slotKeysFrom(level, slot, Bytes.EMPTY, filter, new ArrayList<>());
    }

    private CompletionStage<Object> slotKeysFrom(ConsistencyLevel level, int slot, Bytes from,
                                                 BiPredicate<Bytes, Row> filter, List<Bytes> keys) {
        return context.node().scan(Keyspace.DEFAULT_NAME, slot, from, PAGE_ROWS, level).thenCompose(result -> {
            if (result instanceof ScanResult.Failed failed) {
                return done(Reply.error(failed.code(), failed.message()));
            }
            ScanResult.Page page = (ScanResult.Page) result;
            for (Mutation row : page.rows()) {
                if (filter.test(row.key().key(), row.row())) {
                    keys.add(row.key().key());
                }
            }
            return page.nextKey() == null ? done(keys) : slotKeysFrom(level, slot, page.nextKey(), filter, keys);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Bytes> asKeys(Object result) {
        return (List<Bytes>) result;
    }

    private ConsistencyLevel level(Connection connection) {
        ConsistencyLevel level = context.readLevel(connection);
        return level == ConsistencyLevel.SERIAL ? ConsistencyLevel.QUORUM : level;
    }
}
