package chorus.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the replies of CHORUS commands in the CLI: maps arrive from a RESP2 server as flat lists. */
final class Replies {
    private Replies() {
    }

    /** A RESP2 map (a flat list of names and values) as names to values, each as text. */
    static Map<String, String> fields(Object reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (reply instanceof List<?> items) {
            for (int i = 0; i + 1 < items.size(); i += 2) {
                fields.put(String.valueOf(items.get(i)), String.valueOf(items.get(i + 1)));
            }
        }
        return fields;
    }

    /** The value of {@code name} in a RESP2 map, as the client decoded it (a list stays a list). */
    static Object field(Object reply, String name) {
        if (reply instanceof List<?> items) {
            for (int i = 0; i + 1 < items.size(); i += 2) {
                if (name.equals(items.get(i))) {
                    return items.get(i + 1);
                }
            }
        }
        return null;
    }

    static String describe(Object reply) {
        return reply instanceof RespClient.ErrorReply error ? "-" + error.line() : String.valueOf(reply);
    }
}
