package chorus.resp;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * COMMAND, COMMAND COUNT, COMMAND INFO, COMMAND LIST and COMMAND DOCS, generated from the
 * {@link CommandTable}, in Redis 7's shapes. redis-cli reads COMMAND DOCS for its hints:
 * {@code name => {summary, since, group[, subcommands]}} (a flat array under RESP2).
 *
 * <p>Stateless apart from the immutable table; called on the connection's event loop.
 */
final class CommandCommand {
    private final CommandTable table;

    CommandCommand(CommandTable table) {
        this.table = requireNonNull(table, "table is null");
    }

    Reply execute(Command command) {
        if (command.argc() == 1) {
            return info(new ArrayList<>(table.all()));
        }
        return switch (command.keyword(0)) {
            case "COUNT" -> Reply.integer(table.size());
            case "LIST" -> command.argc() == 2 ? list() : Reply.err("syntax error");
            case "INFO" -> info(command.argc() == 2 ? new ArrayList<>(table.all()) : named(command));
            case "DOCS" -> docs(command.argc() == 2 ? new ArrayList<>(table.all()) : named(command));
            default -> CommandDispatcher.unknownSubcommand(command);
        };
    }

    /** The specs named after the subcommand; null where the name is unknown. */
    private List<CommandSpec> named(Command command) {
        List<CommandSpec> specs = new ArrayList<>();
        for (int i = 1; i < command.args().size(); i++) {
            specs.add(find(command.argText(i)));
        }
        return specs;
    }

    /** A command by name; {@code client|setname} finds a subcommand. */
    private CommandSpec find(String name) {
        int bar = name.indexOf('|');
        CommandSpec spec = table.find((bar < 0 ? name : name.substring(0, bar)).toUpperCase(Locale.ROOT));
        return spec == null || bar < 0 ? spec : spec.subcommand(name.substring(bar + 1));
    }

    private Reply list() {
        List<Reply> names = new ArrayList<>();
        for (CommandSpec spec : table.all()) {
            names.add(Reply.bulk(spec.name()));
        }
        return Reply.array(names);
    }

    private static Reply info(List<CommandSpec> specs) {
        List<Reply> entries = new ArrayList<>(specs.size());
        for (CommandSpec spec : specs) {
            entries.add(spec == null ? Reply.nullBulk() : infoEntry(spec));
        }
        return Reply.array(entries);
    }

    /** {@code [name, arity, flags, first key, last key, step, acl categories, tips, key specs, subcommands]}. */
    static Reply infoEntry(CommandSpec spec) {
        List<Reply> flags = new ArrayList<>();
        for (String flag : spec.flags()) {
            flags.add(Reply.simple(flag));
        }
        List<Reply> subcommands = new ArrayList<>();
        for (CommandSpec subcommand : spec.subcommands()) {
            subcommands.add(infoEntry(subcommand));
        }
        return Reply.array(
                Reply.bulk(spec.name()),
                Reply.integer(spec.arity()),
                new Reply.Set(flags),
                Reply.integer(spec.firstKey()),
                Reply.integer(spec.lastKey()),
                Reply.integer(spec.keyStep()),
                new Reply.Set(List.of()),
                new Reply.Set(List.of()),
                Reply.EMPTY_ARRAY,
                Reply.array(subcommands));
    }

    private static Reply docs(List<CommandSpec> specs) {
        List<Reply.Pair> entries = new ArrayList<>(specs.size());
        for (CommandSpec spec : specs) {
            if (spec != null) {
                entries.add(Reply.pair(spec.name(), docEntry(spec)));
            }
        }
        return Reply.map(entries);
    }

    static Reply docEntry(CommandSpec spec) {
        List<Reply.Pair> fields = new ArrayList<>();
        fields.add(Reply.pair("summary", Reply.bulk(spec.summary())));
        fields.add(Reply.pair("since", Reply.bulk(spec.since())));
        fields.add(Reply.pair("group", Reply.bulk(spec.group())));
        if (!spec.subcommands().isEmpty()) {
            List<Reply.Pair> subcommands = new ArrayList<>();
            for (CommandSpec subcommand : spec.subcommands()) {
                subcommands.add(Reply.pair(subcommand.name(), docEntry(subcommand)));
            }
            fields.add(Reply.pair("subcommands", Reply.map(subcommands)));
        }
        return Reply.map(fields);
    }
}
