package chorus.resp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The commands a server answers: the connection commands this module implements (PING, HELLO,
 * AUTH, CLIENT, COMMAND, ...) plus those a data backend registers. Every request is checked against
 * it before it reaches the backend, so unknown commands and wrong arities get Redis's errors and
 * COMMAND / COMMAND DOCS list every command.
 *
 * <p>Immutable once built, and so thread-safe. Build it once at startup:
 * <pre>{@code
 * CommandTable table = CommandTable.builder()
 *         .add(CommandSpec.of("get", 2, "readonly", "fast").withKeys(1, 1, 1)
 *                 .withDoc("string", "Returns the string value of a key.", "1.0.0"))
 *         .build();
 * }</pre>
 */
public final class CommandTable {
    private final TreeMap<String, CommandSpec> byUpperName;

    private CommandTable(TreeMap<String, CommandSpec> byUpperName) {
        this.byUpperName = byUpperName;
    }

    /** A builder that already holds this module's connection commands. */
    public static Builder builder() {
        Builder builder = new Builder();
        for (CommandSpec spec : ConnectionCommandSpecs.all()) {
            builder.add(spec);
        }
        return builder;
    }

    /** The connection commands alone, for servers and tests without data commands. */
    public static CommandTable connectionCommandsOnly() {
        return builder().build();
    }

    /** The command named {@code upperName} (upper case, as {@link Command#name()}), or null. */
    public CommandSpec find(String upperName) {
        return byUpperName.get(upperName);
    }

    /** All top-level commands, sorted by name. */
    public Collection<CommandSpec> all() {
        return byUpperName.values();
    }

    public int size() {
        return byUpperName.size();
    }

    /** Collects command specs; not thread-safe. */
    public static final class Builder {
        private final TreeMap<String, CommandSpec> byUpperName = new TreeMap<>();

        private Builder() {}

        /** Registers a command; throws if one of that name is already registered. */
        public Builder add(CommandSpec spec) {
            String upperName = spec.name().toUpperCase(Locale.ROOT);
            if (spec.name().contains("|")) {
                throw new IllegalArgumentException(spec.name() + " is a subcommand: register it through its parent");
            }
            if (byUpperName.putIfAbsent(upperName, spec) != null) {
                throw new IllegalArgumentException("command " + spec.name() + " is already registered");
            }
            return this;
        }

        public Builder addAll(List<CommandSpec> specs) {
            for (CommandSpec spec : new ArrayList<>(specs)) {
                add(spec);
            }
            return this;
        }

        public CommandTable build() {
            return new CommandTable(new TreeMap<>(byUpperName));
        }
    }
}
