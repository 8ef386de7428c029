package chorus.resp;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CLIENT SETNAME, GETNAME, SETINFO, ID, INFO, LIST and KILL, with Redis's replies. CLIENT LIST and
 * CLIENT INFO print one {@code key=value} line per connection in Redis's field order; fields we
 * have no equivalent for carry Redis's neutral values so that tools parsing them keep working.
 *
 * <p>Called on the connection's event loop.
 */
final class ClientCommand {
    private final ConnectionRegistry registry;

    ClientCommand(ConnectionRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Runs {@code CLIENT <sub> ...}; the dispatcher has checked that the subcommand exists and its arity. */
    Reply execute(Connection connection, Command command) {
        return switch (command.keyword(0)) {
            case "SETNAME" -> setName(connection, command.argText(1));
            case "GETNAME" -> connection.name().isEmpty() ? Reply.nullBulk() : Reply.bulk(connection.name());
            case "SETINFO" -> setInfo(connection, command);
            case "ID" -> Reply.integer(connection.id());
            case "INFO" -> Reply.verbatim(describe(connection, System.nanoTime()) + "\n");
            case "LIST" -> list(command);
            case "KILL" -> kill(connection, command);
            default -> CommandDispatcher.unknownSubcommand(command);
        };
    }

    /** Null when {@code name} is a valid client name, else Redis's error. */
    static Reply.Error validateName(String name) {
        return printable(name) ? null : Reply.err("Client names cannot contain spaces, newlines or special characters.");
    }

    private static Reply setName(Connection connection, String name) {
        Reply.Error invalid = validateName(name);
        if (invalid != null) {
            return invalid;
        }
        connection.setName(name);
        return Reply.ok();
    }

    /** Lettuce sends {@code lib-name}, Jedis {@code LIB-NAME}: the attribute is case-insensitive. */
    private static Reply setInfo(Connection connection, Command command) {
        String attribute = command.keyword(1);
        String value = command.argText(2);
        if (!attribute.equals("LIB-NAME") && !attribute.equals("LIB-VER")) {
            return Reply.err("Unrecognized option '" + command.argText(1) + "'");
        }
        if (!printable(value)) {
            return Reply.err(attribute.toLowerCase(Locale.ROOT)
                    + " cannot contain spaces, newlines or special characters.");
        }
        if (attribute.equals("LIB-NAME")) {
            connection.setLibraryName(value);
        } else {
            connection.setLibraryVersion(value);
        }
        return Reply.ok();
    }

    /** {@code CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...]}. */
    private Reply list(Command command) {
        List<Long> ids = null;
        boolean normalOnly = true;
        for (int i = 1; i < command.args().size(); i++) {
            String option = command.keyword(i);
            if (option.equals("TYPE") && i + 1 < command.args().size()) {
                normalOnly = command.keyword(++i).equals("NORMAL");
            } else if (option.equals("ID") && i + 1 < command.args().size()) {
                ids = new ArrayList<>();
                while (i + 1 < command.args().size()) {
                    long id = Numbers.parseLong(command.arg(++i));
                    if (id == Numbers.NOT_A_NUMBER || id <= 0) {
                        return Reply.err("Invalid client ID");
                    }
                    ids.add(id);
                }
            } else {
                return Reply.err("syntax error");
            }
        }
        long now = System.nanoTime();
        StringBuilder text = new StringBuilder();
        for (Connection each : registry.connections()) {
            if (normalOnly && (ids == null || ids.contains(each.id()))) {
                text.append(describe(each, now)).append('\n');
            }
        }
        return Reply.verbatim(text.toString());
    }

    /** {@code CLIENT KILL ip:port} (replies OK) or {@code CLIENT KILL ID id | ADDR ip:port ... [SKIPME yes|no]}. */
    private Reply kill(Connection self, Command command) {
        if (command.argc() == 3) {
            String address = command.argText(1);
            for (Connection each : registry.connections()) {
                if (address(each.remoteAddress()).equals(address)) {
                    each.close();
                    return Reply.ok();
                }
            }
            return Reply.err("No such client");
        }
        Long id = null;
        String address = null;
        boolean skipMe = true;
        for (int i = 1; i < command.args().size(); i += 2) {
            if (i + 1 >= command.args().size()) {
                return Reply.err("syntax error");
            }
            String option = command.keyword(i);
            String value = command.argText(i + 1);
            switch (option) {
                case "ID" -> {
                    long parsed = Numbers.parseLong(command.arg(i + 1));
                    if (parsed == Numbers.NOT_A_NUMBER || parsed <= 0) {
                        return Reply.err("client-id should be greater than 0");
                    }
                    id = parsed;
                }
                case "ADDR" -> address = value;
                case "SKIPME" -> skipMe = !command.keyword(i + 1).equals("NO");
                default -> {
                    return Reply.err("syntax error");
                }
            }
        }
        int killed = 0;
        for (Connection each : registry.connections()) {
            boolean matches = (id == null || each.id() == id)
                    && (address == null || address(each.remoteAddress()).equals(address))
                    && !(skipMe && each == self);
            if (matches) {
                each.close();
                killed++;
            }
        }
        return Reply.integer(killed);
    }

    /** One CLIENT LIST line, without the trailing newline. */
    static String describe(Connection connection, long nowNanos) {
        return "id=" + connection.id()
                + " addr=" + address(connection.remoteAddress())
                + " laddr=" + address(connection.localAddress())
                + " fd=-1 name=" + connection.name()
                + " age=" + connection.ageSeconds(nowNanos)
                + " idle=" + connection.idleSeconds(nowNanos)
                + " flags=N db=" + connection.database()
                + " sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0"
                + " obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=" + connection.lastCommand()
                + " user=default redir=-1 resp=" + connection.protocol()
                + " lib-name=" + connection.libraryName()
                + " lib-ver=" + connection.libraryVersion();
    }

    static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** Redis allows only the characters {@code !} to {@code ~} in names and library info. */
    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
