package chorus.server.commands;

import chorus.api.Bytes;
import chorus.resp.Command;
import chorus.resp.CommandSpec;
import chorus.resp.ConnectionAttribute;
import chorus.resp.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Keeps one connection's commands on the same key in the order the client sent them, as Redis
 * does, while commands on different keys of a pipeline still run at once. Without it a pipelined
 * {@code HSET k f v} and {@code HLEN k} would race: the RESP module writes replies in request
 * order, but the core may finish the second first.
 *
 * <p>A command waits for the unfinished earlier commands of this connection that name one of its
 * keys (whatever their outcome). SCAN, KEYS, DBSIZE, FLUSHALL and the CLUSTER key commands wait
 * for every earlier command, and every later keyed command waits for them. Commands without keys
 * (INFO, CONFIG, CONSISTENCY...) run at once: a CONSISTENCY change in a pipeline applies to the
 * keyed commands before it that are still waiting for an earlier command on their key.
 *
 * <p>Threading: {@link #run} is called on the connection's event loop only, one command at a time.
 */
final class KeyOrder {
    static final ConnectionAttribute<KeyOrder> ATTRIBUTE = ConnectionAttribute.of("key-order", null);
    private static final Set<String> WHOLE_KEYSPACE = Set.of("SCAN", "KEYS", "DBSIZE", "FLUSHALL", "FLUSHDB");
    private static final Set<String> CLUSTER_KEY_COMMANDS = Set.of("COUNTKEYSINSLOT", "GETKEYSINSLOT");
    private static final int PRUNE_AT = 1024;
    private static final Map<String, CommandSpec> SPECS = specs();

    private final Map<Bytes, CompletableFuture<Reply>> lastByKey = new HashMap<>();
    private CompletableFuture<Reply> lastWhole = CompletableFuture.completedFuture(Reply.ok());

    private static Map<String, CommandSpec> specs() {
        Map<String, CommandSpec> specs = new HashMap<>();
        for (CommandSpec spec : DataCommandSpecs.all()) {
            specs.put(spec.name().toUpperCase(java.util.Locale.ROOT), spec);
        }
        return specs;
    }

    /** The keys {@code command} names; null for the whole keyspace; empty for none. */
    static List<Bytes> keys(Command command) {
        if (WHOLE_KEYSPACE.contains(command.name())
                || (command.name().equals("CLUSTER") && command.argc() > 1
                && CLUSTER_KEY_COMMANDS.contains(command.keyword(0)))) {
            return null;
        }
        CommandSpec spec = SPECS.get(command.name());
        if (spec == null || spec.firstKey() <= 0) {
            return List.of();
        }
        int last = spec.lastKey() < 0 ? command.args().size() + spec.lastKey() + 1 : spec.lastKey();
        List<Bytes> keys = new ArrayList<>();
        for (int position = spec.firstKey(); position <= last && position <= command.args().size();
             position += Math.max(1, spec.keyStep())) {
            keys.add(command.arg(position - 1));
        }
        return keys;
    }

    /** Runs {@code command} after the earlier unfinished commands it must follow. */
    CompletionStage<Reply> run(List<Bytes> keys, Supplier<CompletionStage<Reply>> command) {
        if (keys != null && keys.isEmpty()) {
            return command.get();
        }
        List<CompletableFuture<Reply>> before = new ArrayList<>();
        if (!lastWhole.isDone()) {
            before.add(lastWhole);
        }
        if (keys == null) {
            lastByKey.values().stream().filter(future -> !future.isDone()).forEach(before::add);
        } else {
            for (Bytes key : keys) {
                CompletableFuture<Reply> previous = lastByKey.get(key);
                if (previous != null && !previous.isDone()) {
                    before.add(previous);
                }
            }
        }
        CompletableFuture<Reply> result = before.isEmpty() ? command.get().toCompletableFuture()
                : CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                        .handle((ignored, failure) -> null).thenCompose(ignored -> command.get());
        if (keys == null) {
            lastWhole = result;
            lastByKey.clear(); // Everything in it is finished before result, which later commands wait for.
        } else {
            for (Bytes key : keys) {
                lastByKey.put(key, result);
            }
            if (lastByKey.size() > PRUNE_AT) {
                lastByKey.values().removeIf(CompletableFuture::isDone);
            }
        }
        return result;
    }
}
