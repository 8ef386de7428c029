package chorus.server.commands;

import chorus.api.ConsistencyLevel;
import chorus.resp.Command;
import chorus.resp.Connection;
import chorus.resp.Reply;
import chorus.server.config.ChorusConfig;
import java.util.List;
import java.util.Optional;

/**
 * {@code CONSISTENCY [READ level] [WRITE level]}: sets the levels of this connection's later reads
 * and writes; with no argument, replies the levels in effect ({@code read}, {@code write}, as a map).
 * {@code DEFAULT} returns to the node's configured level. SERIAL runs each read and write as a Paxos
 * round (linearizable, slower). The choice lasts for the connection (RESET clears it).
 */
final class ConsistencyCommand {
    private static final Reply.Error USAGE = Reply.err("syntax error (expected: CONSISTENCY"
            + " [READ ONE|QUORUM|ALL|SERIAL|DEFAULT] [WRITE ONE|QUORUM|ALL|SERIAL|DEFAULT])");

    private ConsistencyCommand() {
    }

    static Reply run(Connection connection, Command command, ChorusConfig config) {
        if (command.args().isEmpty()) {
            return current(connection, config);
        }
        if (command.args().size() % 2 != 0) {
            return USAGE;
        }
        // Validate everything before changing anything, so a bad second pair leaves both unchanged.
        ConsistencyLevel read = connection.get(ConnectionLevels.READ);
        ConsistencyLevel write = connection.get(ConnectionLevels.WRITE);
        for (int i = 0; i < command.args().size(); i += 2) {
            String which = command.keyword(i);
            String name = command.keyword(i + 1);
            Optional<ConsistencyLevel> level = name.equals("DEFAULT") ? Optional.empty() : ConsistencyLevel.parse(name);
            if (level.isEmpty() && !name.equals("DEFAULT")) {
                return USAGE;
            }
            switch (which) {
                case "READ" -> read = level.orElse(null);
                case "WRITE" -> write = level.orElse(null);
                default -> {
                    return USAGE;
                }
            }
        }
        connection.set(ConnectionLevels.READ, read);
        connection.set(ConnectionLevels.WRITE, write);
        return Reply.ok();
    }

    private static Reply current(Connection connection, ChorusConfig config) {
        return Reply.map(List.of(
                Reply.pair("read", Reply.bulk(ConnectionLevels.read(connection, config).name())),
                Reply.pair("write", Reply.bulk(ConnectionLevels.write(connection, config).name()))));
    }
}
