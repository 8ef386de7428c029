package chorus.it;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/** Chorus's {@code CONSISTENCY [READ level] [WRITE level]} command, sent through Jedis. */
final class Consistency {
    private static final ProtocolCommand CONSISTENCY = () -> "CONSISTENCY".getBytes(StandardCharsets.US_ASCII);

    private Consistency() {
    }

    /** Sets this connection's read and write levels; fails unless the node answers OK. */
    static void set(Jedis jedis, String read, String write) {
        Object reply = jedis.sendCommand(CONSISTENCY, "READ", read, "WRITE", write);
        String text = reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
        if (!text.equals("OK")) {
            throw new AssertionError("CONSISTENCY READ " + read + " WRITE " + write + " answered " + text);
        }
    }
}
