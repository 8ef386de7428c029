package chorus.resp;

import java.util.List;

/** The specs of the connection commands this module answers itself (see {@link ConnectionCommands}). */
final class ConnectionCommandSpecs {
    private static final String CONNECTION = "connection";
    private static final String SERVER = "server";

    private ConnectionCommandSpecs() {}

    static List<CommandSpec> all() {
        return List.of(
                spec("ping", -1, "Returns the server's liveliness response.", "1.0.0", "fast"),
                spec("echo", 2, "Returns the given string.", "1.0.0", "fast"),
                spec("hello", -1, "Handshakes with the server: protocol version, authentication, name.", "6.0.0",
                        "noscript", "loading", "stale", "fast", "no_auth", "allow_busy"),
                spec("auth", -2, "Authenticates the connection.", "1.0.0",
                        "noscript", "loading", "stale", "fast", "no_auth", "allow_busy"),
                spec("select", 2, "Changes the selected database (only 0 exists).", "1.0.0", "loading", "stale", "fast"),
                spec("quit", -1, "Closes the connection after replying OK.", "1.0.0",
                        "noscript", "loading", "stale", "fast", "no_auth", "allow_busy"),
                spec("reset", 1, "Resets the connection to its initial state.", "6.2.0",
                        "noscript", "loading", "stale", "fast", "no_auth", "allow_busy"),
                client(),
                command());
    }

    private static CommandSpec client() {
        return spec("client", -2, "A container for client connection commands.", "2.4.0").withSubcommands(
                clientSub("setname", 3, "Sets the connection name.", "2.6.9"),
                clientSub("getname", 2, "Returns the name of the connection.", "2.6.9"),
                clientSub("setinfo", 4, "Sets information about the client library (LIB-NAME or LIB-VER).", "7.2.0"),
                clientSub("id", 2, "Returns the unique client ID of the connection.", "5.0.0"),
                clientSub("info", 2, "Returns information about the connection.", "6.2.0"),
                clientSub("list", -2, "Lists open connections.", "2.4.0"),
                clientSub("kill", -3, "Terminates open connections.", "2.4.0"),
                clientSub("help", 2, "Returns helpful text about the different subcommands.", "5.0.0"));
    }

    private static CommandSpec command() {
        return spec("command", -1, "Returns detailed information about all commands.", "2.8.13", "loading", "stale")
                .withSubcommands(
                        commandSub("count", 2, "Returns a count of commands.", "2.8.13"),
                        commandSub("docs", -2, "Returns documentary information about commands.", "7.0.0"),
                        commandSub("info", -2, "Returns information about one, multiple or all commands.", "2.8.13"),
                        commandSub("list", -2, "Returns a list of command names.", "7.0.0"),
                        commandSub("help", 2, "Returns helpful text about the different subcommands.", "5.0.0"));
    }

    private static CommandSpec clientSub(String sub, int arity, String summary, String since) {
        return spec("client|" + sub, arity, summary, since, "noscript", "loading", "stale");
    }

    private static CommandSpec commandSub(String sub, int arity, String summary, String since) {
        return spec("command|" + sub, arity, summary, since, "loading", "stale");
    }

    private static CommandSpec spec(String name, int arity, String summary, String since, String... flags) {
        String group = name.startsWith("command") ? SERVER : CONNECTION;
        return CommandSpec.of(name, arity, flags).withDoc(group, summary, since);
    }
}
