package chorus.resp;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The connection commands every backend gets from this module: PING, ECHO, HELLO, AUTH, SELECT,
 * RESET, CLIENT and COMMAND (QUIT is handled by the channel itself, since it closes it). Replies
 * and error texts follow Redis 7.2, because clients and tools match on them (REDIS-CLIENTS.md).
 *
 * <p>Called on the connection's event loop; stateless apart from the connection it is given.
 */
final class ConnectionCommands {
    /** What HELLO reports: clients gate features on a Redis version, so we report Redis's. */
    static final String SERVER_NAME = "redis";
    static final String SERVER_VERSION = "7.2.0";
    private static final String DEFAULT_USER = "default";

    private final RespServerConfig config;
    private final CommandHandler handler;
    private final ClientCommand client;
    private final CommandCommand commandCommand;

    ConnectionCommands(RespServerConfig config, CommandTable table, ConnectionRegistry registry, CommandHandler handler) {
        this.config = requireNonNull(config, "config is null");
        this.handler = requireNonNull(handler, "handler is null");
        this.client = new ClientCommand(registry);
        this.commandCommand = new CommandCommand(table);
    }

    /** Whether {@code upperName} is one of the commands {@link #execute} answers. */
    boolean handles(String upperName) {
        return switch (upperName) {
            case "PING", "ECHO", "HELLO", "AUTH", "SELECT", "RESET", "CLIENT", "COMMAND" -> true;
            default -> false;
        };
    }

    /** Runs a command for which {@link #handles} is true; its arity has been checked. */
    Reply execute(Connection connection, Command command) {
        return switch (command.name()) {
            case "PING" -> ping(command);
            case "ECHO" -> Reply.bulk(command.arg(0));
            case "HELLO" -> hello(connection, command);
            case "AUTH" -> auth(connection, command);
            case "SELECT" -> select(connection, command);
            case "RESET" -> reset(connection);
            case "CLIENT" -> client.execute(connection, command);
            case "COMMAND" -> commandCommand.execute(command);
            default -> throw new IllegalArgumentException("not a connection command: " + command.name());
        };
    }

    private static Reply ping(Command command) {
        if (command.argc() > 2) {
            return CommandDispatcher.wrongArity("ping");
        }
        return command.argc() == 2 ? Reply.bulk(command.arg(0)) : Reply.simple("PONG");
    }

    /** {@code HELLO [protover [AUTH username password] [SETNAME clientname]]}. */
    private Reply hello(Connection connection, Command command) {
        int protocol = connection.protocol();
        if (command.argc() >= 2) {
            long version = Numbers.parseLong(command.arg(0));
            if (version == Numbers.NOT_A_NUMBER) {
                return Reply.err("Protocol version is not an integer or out of range");
            }
            if (version < 2 || version > 3) {
                return Reply.error("NOPROTO", "unsupported protocol version");
            }
            protocol = (int) version;
        }
        String name = null;
        Bytes user = null;
        Bytes password = null;
        for (int i = 1; i < command.args().size(); i++) {
            String option = command.keyword(i);
            int left = command.args().size() - i - 1;
            if (option.equals("AUTH") && left >= 2) {
                user = command.arg(++i);
                password = command.arg(++i);
            } else if (option.equals("SETNAME") && left >= 1) {
                name = command.argText(++i);
            } else {
                return Reply.err("Syntax error in HELLO option '" + command.argText(i) + "'");
            }
        }
        if (user != null && !authenticate(connection, user, password)) {
            return wrongPassword();
        }
        if (!connection.isAuthenticated()) {
            return Reply.error("NOAUTH", "HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the "
                    + "RESP protocol version at the same time");
        }
        if (name != null) {
            Reply.Error invalid = ClientCommand.validateName(name);
            if (invalid != null) {
                return invalid;
            }
            connection.setName(name);
        }
        connection.setProtocol(protocol);
        return helloReply(connection);
    }

    private Reply helloReply(Connection connection) {
        return Reply.map(List.of(
                Reply.pair("server", Reply.bulk(SERVER_NAME)),
                Reply.pair("version", Reply.bulk(SERVER_VERSION)),
                Reply.pair("proto", Reply.integer(connection.protocol())),
                Reply.pair("id", Reply.integer(connection.id())),
                Reply.pair("mode", Reply.bulk(config.mode().wireName())),
                Reply.pair("role", Reply.bulk("master")),
                Reply.pair("modules", Reply.EMPTY_ARRAY)));
    }

    /** {@code AUTH password} or {@code AUTH username password}; the only user is {@code default}. */
    private Reply auth(Connection connection, Command command) {
        if (command.argc() > 3) {
            return Reply.err("syntax error");
        }
        if (command.argc() == 2 && config.password().isEmpty()) {
            return Reply.err("AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        Bytes user = command.argc() == 3 ? command.arg(0) : Bytes.utf8(DEFAULT_USER);
        Bytes password = command.arg(command.argc() - 2);
        return authenticate(connection, user, password) ? Reply.ok() : wrongPassword();
    }

    /** Checks the credentials; on success marks the connection authenticated. Constant-time compare. */
    private boolean authenticate(Connection connection, Bytes user, Bytes password) {
        if (!user.equals(Bytes.utf8(DEFAULT_USER))) {
            return false;
        }
        Optional<String> expected = config.password();
        boolean matches = expected.isEmpty()
                || MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8), password.arrayUnsafe());
        if (matches) {
            connection.setAuthenticated(true);
        }
        return matches;
    }

    private static Reply.Error wrongPassword() {
        return Reply.error("WRONGPASS", "invalid username-password pair or user is disabled.");
    }

    private static Reply select(Connection connection, Command command) {
        long index = Numbers.parseLong(command.arg(0));
        if (index == Numbers.NOT_A_NUMBER) {
            return Reply.err("value is not an integer or out of range");
        }
        if (index != 0) {
            return Reply.err("DB index is out of range");
        }
        connection.setDatabase(0);
        return Reply.ok();
    }

    /** Back to the state of a new connection, as Redis's RESET; the library info stays. */
    private Reply reset(Connection connection) {
        connection.setName("");
        connection.setProtocol(2);
        connection.setDatabase(0);
        connection.setAuthenticated(config.password().isEmpty());
        connection.clearAttributes();
        handler.onReset(connection);
        return Reply.simple("RESET");
    }
}
