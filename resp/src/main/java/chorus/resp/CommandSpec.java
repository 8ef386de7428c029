package chorus.resp;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * What the server knows about one command before running it: enough to reject a wrong number of
 * arguments, to answer COMMAND / COMMAND DOCS, and to tell clients which arguments are keys.
 *
 * @param name lower-case full name; a subcommand is {@code parent|sub}, as in {@code client|setname}
 * @param arity Redis's convention, counting the name: {@code 2} means exactly {@code GET key},
 *     {@code -3} means at least three words ({@code MSET k v ...}); a subcommand's arity counts
 *     the parent too ({@code CLIENT SETNAME n} is 3)
 * @param flags Redis's command flags, lower case: {@code write}, {@code readonly}, {@code fast},
 *     {@code no_auth} (allowed before AUTH), {@code loading}, {@code stale}, ...
 * @param firstKey position of the first key argument, 0 when the command has no keys
 * @param lastKey position of the last key, negative counts from the end ({@code -1} is the last word)
 * @param keyStep distance between keys ({@code MSET} is 2)
 * @param group COMMAND DOCS group: {@code string}, {@code hash}, {@code connection}, {@code server}, ...
 * @param summary one-sentence description for COMMAND DOCS
 * @param since the Redis version that introduced the command, as COMMAND DOCS reports it
 * @param subcommands for container commands such as CLIENT or CLUSTER; empty otherwise
 */
public record CommandSpec(
        String name,
        int arity,
        List<String> flags,
        int firstKey,
        int lastKey,
        int keyStep,
        String group,
        String summary,
        String since,
        List<CommandSpec> subcommands) {

    public CommandSpec {
        requireNonNull(name, "name is null");
        if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("command name must be non-empty lower case: " + name);
        }
        if (arity == 0) {
            throw new IllegalArgumentException(name + ": arity 0 is invalid (expected: n for exactly n words, -n for at least n)");
        }
        flags = List.copyOf(flags);
        requireNonNull(group, "group is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(since, "since is null");
        subcommands = List.copyOf(subcommands);
        for (CommandSpec subcommand : subcommands) {
            if (!subcommand.name().startsWith(name + "|")) {
                throw new IllegalArgumentException("subcommand " + subcommand.name() + " must be named " + name + "|<sub>");
            }
        }
    }

    /** A command without keys, documentation or subcommands; add them with the {@code with} methods. */
    public static CommandSpec of(String name, int arity, String... flags) {
        return new CommandSpec(name.toLowerCase(Locale.ROOT), arity, List.of(flags), 0, 0, 0, "generic", "", "1.0.0", List.of());
    }

    public CommandSpec withKeys(int firstKey, int lastKey, int keyStep) {
        return new CommandSpec(name, arity, flags, firstKey, lastKey, keyStep, group, summary, since, subcommands);
    }

    public CommandSpec withDoc(String group, String summary, String since) {
        return new CommandSpec(name, arity, flags, firstKey, lastKey, keyStep, group, summary, since, subcommands);
    }

    public CommandSpec withSubcommands(CommandSpec... subcommands) {
        return new CommandSpec(name, arity, flags, firstKey, lastKey, keyStep, group, summary, since, List.of(subcommands));
    }

    /** Whether {@code argc} words (name included) satisfy the arity. */
    public boolean acceptsArgc(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    /** The subcommand named {@code sub} (any case), or null. */
    public CommandSpec subcommand(String sub) {
        String fullName = name + "|" + sub.toLowerCase(Locale.ROOT);
        for (CommandSpec subcommand : subcommands) {
            if (subcommand.name().equals(fullName)) {
                return subcommand;
            }
        }
        return null;
    }
}
