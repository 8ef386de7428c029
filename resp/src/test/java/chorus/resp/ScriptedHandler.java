package chorus.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A hand-written fake backend. By default it answers at once: GET/SET over a map-free echo of the
 * first argument, so tests see which command ran. With {@link #deferReplies} it hands back
 * futures the test completes, in any order, from any thread.
 */
final class ScriptedHandler implements CommandHandler {
    final List<Command> handled = new ArrayList<>();
    final List<CompletableFuture<Reply>> deferred = new ArrayList<>();
    final List<String> rejected = new ArrayList<>();
    final List<Long> closed = new ArrayList<>();
    final List<Long> resets = new ArrayList<>();
    boolean deferReplies;
    RuntimeException throwOnHandle;

    static final List<CommandSpec> SPECS = List.of(
            CommandSpec.of("get", 2, "readonly", "fast").withKeys(1, 1, 1)
                    .withDoc("string", "Returns the string value of a key.", "1.0.0"),
            CommandSpec.of("set", -3, "write").withKeys(1, 1, 1)
                    .withDoc("string", "Sets the string value of a key.", "1.0.0"),
            CommandSpec.of("mset", -3, "write").withKeys(1, -1, 2),
            CommandSpec.of("cluster", -2).withSubcommands(
                    CommandSpec.of("cluster|myid", 2), CommandSpec.of("cluster|keyslot", 3)));

    static CommandTable table() {
        return CommandTable.builder().addAll(SPECS).build();
    }

    @Override
    public synchronized CompletionStage<Reply> handle(Connection connection, Command command) {
        handled.add(command);
        if (throwOnHandle != null) {
            throw throwOnHandle;
        }
        if (deferReplies) {
            CompletableFuture<Reply> future = new CompletableFuture<>();
            deferred.add(future);
            return future;
        }
        return CompletableFuture.completedFuture(switch (command.name()) {
            case "SET", "MSET" -> Reply.ok();
            default -> command.args().isEmpty() ? Reply.nullBulk() : Reply.bulk(command.arg(0));
        });
    }

    @Override
    public synchronized void onRejected(Connection connection, Command command, Reply.Error error) {
        rejected.add(command.name() + ": " + error.line());
    }

    @Override
    public synchronized void onReset(Connection connection) {
        resets.add(connection.id());
    }

    @Override
    public synchronized void onClose(Connection connection) {
        closed.add(connection.id());
    }
}
