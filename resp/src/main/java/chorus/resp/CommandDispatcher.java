package chorus.resp;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each command against the {@link CommandTable} (exists, arity, subcommand, authentication)
 * and routes it to the connection commands or to the backend's {@link CommandHandler}. Refusals get
 * Redis's exact error texts, since clients and people compare them with Redis's.
 *
 * <p>Called on the connection's event loop, one command at a time per connection. Shared by all
 * connections of a server; holds no per-connection state.
 */
final class CommandDispatcher {
    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);
    /** Redis quotes at most this many characters of a name or of the arguments in an error. */
    private static final int QUOTE_LIMIT = 128;

    private final CommandTable table;
    private final CommandHandler handler;
    private final ConnectionCommands connectionCommands;

    CommandDispatcher(CommandTable table, CommandHandler handler, ConnectionCommands connectionCommands) {
        this.table = requireNonNull(table, "table is null");
        this.handler = requireNonNull(handler, "handler is null");
        this.connectionCommands = requireNonNull(connectionCommands, "connectionCommands is null");
    }

    /** The reply to {@code command}: complete at once for refusals and connection commands. */
    CompletionStage<Reply> dispatch(Connection connection, Command command) {
        CommandSpec spec = table.find(command.name());
        if (spec == null) {
            return reject(connection, command, unknownCommand(command));
        }
        if (!spec.acceptsArgc(command.argc())) {
            return reject(connection, command, wrongArity(spec.name()));
        }
        CommandSpec effective = spec;
        if (!spec.subcommands().isEmpty() && command.argc() >= 2) {
            if (command.argc() == 2 && command.keyword(0).equals("HELP")) {
                return authorized(connection, spec) ? done(help(spec)) : reject(connection, command, noAuth());
            }
            effective = spec.subcommand(command.argText(0));
            if (effective == null) {
                return reject(connection, command, unknownSubcommand(command));
            }
            if (!effective.acceptsArgc(command.argc())) {
                return reject(connection, command, wrongArity(effective.name()));
            }
        }
        if (!authorized(connection, effective)) {
            return reject(connection, command, noAuth());
        }
        connection.recordCommand(effective.name(), System.nanoTime());
        if (connectionCommands.handles(command.name())) {
            return done(connectionCommands.execute(connection, command));
        }
        return handleSafely(connection, command);
    }

    private CompletionStage<Reply> handleSafely(Connection connection, Command command) {
        try {
            CompletionStage<Reply> stage = handler.handle(connection, command);
            return stage != null ? stage : done(internalError(command, "the handler returned no reply"));
        } catch (RuntimeException e) {
            return done(settle(command, null, e));
        }
    }

    /**
     * The reply to send for a backend's outcome: the reply itself, or {@code -INTERNAL ...} for a
     * bug (an exception or a null reply), which is logged with its stack trace for us, not the client.
     */
    static Reply settle(Command command, Reply reply, Throwable failure) {
        if (failure == null && reply != null) {
            return reply;
        }
        if (failure == null) {
            return internalError(command, "the handler completed with no reply");
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        log.warn("command {} failed with an unexpected exception", command.name(), cause);
        return internalError(command, cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    private static Reply internalError(Command command, String detail) {
        return Reply.error("INTERNAL", "unexpected error in '" + command.name().toLowerCase(Locale.ROOT)
                + "'; this is a bug, please report it (" + detail + ")");
    }

    private static boolean authorized(Connection connection, CommandSpec spec) {
        return connection.isAuthenticated() || spec.hasFlag("no_auth");
    }

    private CompletionStage<Reply> reject(Connection connection, Command command, Reply.Error error) {
        try {
            handler.onRejected(connection, command, error);
        } catch (RuntimeException e) {
            log.warn("onRejected failed for command {}", command.name(), e);
        }
        return done(error);
    }

    private static CompletionStage<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    /** {@code -ERR unknown command 'xyz', with args beginning with: 'a' 'b' }, as Redis words it. */
    static Reply.Error unknownCommand(Command command) {
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < command.args().size() && args.length() < QUOTE_LIMIT; i++) {
            String arg = truncate(command.argText(i), QUOTE_LIMIT - args.length());
            args.append('\'').append(arg).append("' ");
        }
        return Reply.err("unknown command '" + truncate(command.rawName().utf8(), QUOTE_LIMIT)
                + "', with args beginning with: " + args);
    }

    /** {@code -ERR unknown subcommand 'xyz'. Try CLIENT HELP.} */
    static Reply.Error unknownSubcommand(Command command) {
        return Reply.err("unknown subcommand '" + truncate(command.argText(0), QUOTE_LIMIT) + "'. Try "
                + command.name() + " HELP.");
    }

    /** {@code -ERR wrong number of arguments for 'get' command}; subcommands read {@code 'client|setname'}. */
    static Reply.Error wrongArity(String fullName) {
        return Reply.err("wrong number of arguments for '" + fullName + "' command");
    }

    static Reply.Error noAuth() {
        return Reply.error("NOAUTH", "Authentication required.");
    }

    /** {@code CLIENT HELP}: the subcommands and their summaries, one simple string per line. */
    private static Reply help(CommandSpec spec) {
        String upperName = spec.name().toUpperCase(Locale.ROOT);
        List<Reply> lines = new ArrayList<>();
        lines.add(Reply.simple(upperName + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        for (CommandSpec subcommand : spec.subcommands()) {
            String sub = subcommand.name().substring(spec.name().length() + 1).toUpperCase(Locale.ROOT);
            if (!sub.equals("HELP")) {
                lines.add(Reply.simple(sub));
                lines.add(Reply.simple("    " + subcommand.summary()));
            }
        }
        lines.add(Reply.simple("HELP"));
        lines.add(Reply.simple("    Print this help."));
        return Reply.array(lines);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
