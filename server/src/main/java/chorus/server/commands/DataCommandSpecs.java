package chorus.server.commands;

import chorus.resp.CommandSpec;
import java.util.List;

/** What the RESP front door needs to know about the commands {@link DataCommands} answers. */
public final class DataCommandSpecs {
    private DataCommandSpecs() {
    }

    public static List<CommandSpec> all() {
        return List.of(
                CommandSpec.of("get", 2, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Returns the string value of a key.", "1.0.0"),
                CommandSpec.of("set", -3, "write", "denyoom").withKeys(1, 1, 1)
                        .withDoc("string", "Sets the string value of a key, with an optional expiry (EX, PX); NX, XX and"
                                + " IFEQ (compare-and-set) run through Paxos (SERIAL).", "1.0.0"),
                CommandSpec.of("delifeq", 3, "write").withKeys(1, 1, 1)
                        .withDoc("string", "Deletes the key if it holds the given value (compare-and-delete, SERIAL).",
                                "chorus"),
                CommandSpec.of("del", -2, "write").withKeys(1, -1, 1)
                        .withDoc("keyspace", "Deletes one or more keys.", "1.0.0"),
                CommandSpec.of("exists", -2, "readonly", "fast").withKeys(1, -1, 1)
                        .withDoc("keyspace", "Counts how many of the given keys exist.", "3.0.3"),
                CommandSpec.of("mget", -2, "readonly", "fast").withKeys(1, -1, 1)
                        .withDoc("string", "Returns the values of several keys.", "1.0.0"),
                CommandSpec.of("mset", -3, "write", "denyoom").withKeys(1, -1, 2)
                        .withDoc("string", "Sets several keys; not atomic across keys (one write per key).", "1.0.1"),
                CommandSpec.of("incr", 2, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Increments a counter by one; counters merge increments from every node.",
                                "1.0.0"),
                CommandSpec.of("incrby", 3, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Increments a counter by a number.", "1.0.0"),
                CommandSpec.of("decr", 2, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Decrements a counter by one.", "1.0.0"),
                CommandSpec.of("decrby", 3, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Decrements a counter by a number.", "1.0.0"),
                CommandSpec.of("consistency", -1, "fast")
                        .withDoc("connection", "Shows or sets this connection's read and write consistency levels.",
                                "chorus"),
                CommandSpec.of("info", -1, "loading", "stale")
                        .withDoc("server", "Returns information about the node and the cluster.", "1.0.0"),
                CommandSpec.of("config", -2).withDoc("server", "Reads the node's settings (CONFIG GET).", "2.0.0")
                        .withSubcommands(
                                CommandSpec.of("config|get", -3, "loading", "stale")
                                        .withDoc("server", "Returns the values of the settings matching patterns.", "2.0.0"),
                                CommandSpec.of("config|set", -4)
                                        .withDoc("server", "Refused: settings are fixed at start.", "2.0.0")),
                CommandSpec.of("chorus", -2).withDoc("server", "Chorus cluster administration.", "chorus")
                        .withSubcommands(CommandSpec.of("chorus|status", 2, "loading", "stale")
                                .withDoc("server", "Lists every member: addresses, up or down, slots, keys.", "chorus")));
    }
}
