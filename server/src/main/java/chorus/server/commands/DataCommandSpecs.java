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
                // Hashes (HashCommands).
                CommandSpec.of("hset", -4, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Sets fields of a hash; replies how many are new. Reads, then writes the fields.",
                                "2.0.0"),
                CommandSpec.of("hmset", -4, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Sets fields of a hash; replies OK.", "2.0.0"),
                CommandSpec.of("hget", 3, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Returns the value of a field of a hash.", "2.0.0"),
                CommandSpec.of("hmget", -3, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Returns the values of fields of a hash.", "2.0.0"),
                CommandSpec.of("hgetall", 2, "readonly").withKeys(1, 1, 1)
                        .withDoc("hash", "Returns every field and value of a hash (a map in RESP3).", "2.0.0"),
                CommandSpec.of("hdel", -3, "write", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Deletes fields of a hash.", "2.0.0"),
                CommandSpec.of("hexists", 3, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Whether a field of a hash exists.", "2.0.0"),
                CommandSpec.of("hlen", 2, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Counts the fields of a hash.", "2.0.0"),
                CommandSpec.of("hkeys", 2, "readonly").withKeys(1, 1, 1)
                        .withDoc("hash", "Returns the field names of a hash.", "2.0.0"),
                CommandSpec.of("hvals", 2, "readonly").withKeys(1, 1, 1)
                        .withDoc("hash", "Returns the values of a hash.", "2.0.0"),
                CommandSpec.of("hstrlen", 3, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Returns the length of a field's value.", "3.2.0"),
                CommandSpec.of("hscan", -3, "readonly").withKeys(1, 1, 1)
                        .withDoc("hash", "Iterates over the fields of a hash (the whole hash in one page).", "2.8.0"),
                CommandSpec.of("hincrby", 4, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Increments an integer field of a hash (SERIAL: atomic through Paxos).", "2.0.0"),
                CommandSpec.of("hincrbyfloat", 4, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Increments a float field of a hash (SERIAL: atomic through Paxos).", "2.6.0"),
                CommandSpec.of("hsetnx", 4, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("hash", "Sets a field of a hash only if it does not exist (SERIAL).", "2.0.0"),
                // Expiry, strings and keys (KeyCommands).
                CommandSpec.of("expire", -3, "write", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Sets a key's time to live in seconds (SERIAL).", "1.0.0"),
                CommandSpec.of("pexpire", -3, "write", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Sets a key's time to live in milliseconds (SERIAL).", "2.6.0"),
                CommandSpec.of("expireat", -3, "write", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Sets a key's expiry as a Unix time in seconds (SERIAL).", "1.2.0"),
                CommandSpec.of("pexpireat", -3, "write", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Sets a key's expiry as a Unix time in milliseconds (SERIAL).", "2.6.0"),
                CommandSpec.of("ttl", 2, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Returns a key's remaining time to live in seconds.", "1.0.0"),
                CommandSpec.of("pttl", 2, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Returns a key's remaining time to live in milliseconds.", "2.6.0"),
                CommandSpec.of("expiretime", 2, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Returns a key's expiry as a Unix time in seconds.", "7.0.0"),
                CommandSpec.of("pexpiretime", 2, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Returns a key's expiry as a Unix time in milliseconds.", "7.0.0"),
                CommandSpec.of("persist", 2, "write", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Removes a key's expiry (SERIAL).", "2.2.0"),
                CommandSpec.of("setex", 4, "write", "denyoom").withKeys(1, 1, 1)
                        .withDoc("string", "Sets a key with a time to live in seconds.", "2.0.0"),
                CommandSpec.of("psetex", 4, "write", "denyoom").withKeys(1, 1, 1)
                        .withDoc("string", "Sets a key with a time to live in milliseconds.", "2.6.0"),
                CommandSpec.of("setnx", 3, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Sets a key only if it does not exist (SERIAL).", "1.0.0"),
                CommandSpec.of("getset", 3, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Sets a key and returns its old value (SERIAL).", "1.0.0"),
                CommandSpec.of("getdel", 2, "write", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Returns a key's value and deletes it (SERIAL).", "6.2.0"),
                CommandSpec.of("getex", -2, "write", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Returns a key's value and changes its expiry (SERIAL with options).", "6.2.0"),
                CommandSpec.of("append", 3, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Appends to a string (SERIAL).", "2.0.0"),
                CommandSpec.of("strlen", 2, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Returns the length of a string.", "2.2.0"),
                CommandSpec.of("getrange", 4, "readonly").withKeys(1, 1, 1)
                        .withDoc("string", "Returns a substring of a string.", "2.4.0"),
                CommandSpec.of("setrange", 4, "write", "denyoom").withKeys(1, 1, 1)
                        .withDoc("string", "Overwrites part of a string (SERIAL).", "2.2.0"),
                CommandSpec.of("unlink", -2, "write", "fast").withKeys(1, -1, 1)
                        .withDoc("keyspace", "Deletes keys (the same as DEL).", "4.0.0"),
                CommandSpec.of("type", 2, "readonly", "fast").withKeys(1, 1, 1)
                        .withDoc("generic", "Returns the type of a key: string, hash or none.", "1.0.0"),
                CommandSpec.of("rename", 3, "write").withKeys(1, 2, 1)
                        .withDoc("generic", "Renames a key within its slot (not atomic; see docs/commands.md).", "1.0.0"),
                CommandSpec.of("renamenx", 3, "write", "fast").withKeys(1, 2, 1)
                        .withDoc("generic", "Renames a key within its slot if the new name is free (not atomic).", "1.0.0"),
                CommandSpec.of("incrbyfloat", 3, "write", "denyoom", "fast").withKeys(1, 1, 1)
                        .withDoc("string", "Adds a float to a string's value (SERIAL); WRONGTYPE on a counter.", "2.6.0"),
                CommandSpec.of("touch", -2, "readonly", "fast").withKeys(1, -1, 1)
                        .withDoc("keyspace", "Counts how many of the given keys exist (there is no LRU to update).",
                                "3.2.1"),
                CommandSpec.of("time", 1, "loading", "stale", "fast")
                        .withDoc("server", "Returns this node's clock: Unix seconds and microseconds.", "2.6.0"),
                CommandSpec.of("msetnx", -3, "write", "denyoom").withKeys(1, -1, 2)
                        .withDoc("string", "Sets keys of one slot only if none exists (not atomic).", "1.0.1"),
                // Scans (ScanCommands).
                CommandSpec.of("scan", -2, "readonly").withDoc("generic",
                        "Iterates over the keys; the cursor is a slot number.", "2.8.0"),
                CommandSpec.of("keys", 2, "readonly").withDoc("generic",
                        "Returns every key matching a pattern: reads the whole cluster, use SCAN instead.", "1.0.0"),
                CommandSpec.of("dbsize", 1, "readonly").withDoc("server",
                        "Counts the keys exactly, by reading every slot.", "1.0.0"),
                CommandSpec.of("flushall", -1, "write").withDoc("server",
                        "Deletes every key; only with allow-flush=true.", "1.0.0"),
                CommandSpec.of("flushdb", -1, "write").withDoc("server",
                        "Deletes every key (one database); only with allow-flush=true.", "1.0.0"),
                // Cluster-aware clients (ClusterCommands).
                CommandSpec.of("cluster", -2).withDoc("cluster", "Slot ownership for cluster-aware clients.", "3.0.0")
                        .withSubcommands(
                                CommandSpec.of("cluster|info", 2, "loading", "stale")
                                        .withDoc("cluster", "Returns the cluster's state.", "3.0.0"),
                                CommandSpec.of("cluster|myid", 2, "loading", "stale")
                                        .withDoc("cluster", "Returns this node's 40-hex-digit id.", "3.0.0"),
                                CommandSpec.of("cluster|nodes", 2, "loading", "stale")
                                        .withDoc("cluster", "Returns the members and the slots each prefers.", "3.0.0"),
                                CommandSpec.of("cluster|slots", 2, "loading", "stale")
                                        .withDoc("cluster", "Returns slot ranges and their replicas.", "3.0.0"),
                                CommandSpec.of("cluster|shards", 2, "loading", "stale")
                                        .withDoc("cluster", "Returns the shards and their slots.", "7.0.0"),
                                CommandSpec.of("cluster|keyslot", 3, "stale")
                                        .withDoc("cluster", "Returns the slot of a key.", "3.0.0"),
                                CommandSpec.of("cluster|countkeysinslot", 3, "stale")
                                        .withDoc("cluster", "Counts the keys of a slot.", "3.0.0"),
                                CommandSpec.of("cluster|getkeysinslot", 4, "stale")
                                        .withDoc("cluster", "Returns keys of a slot.", "3.0.0")),
                CommandSpec.of("readonly", 1, "loading", "stale", "fast")
                        .withDoc("cluster", "Accepted: any node answers any key.", "3.0.0"),
                CommandSpec.of("readwrite", 1, "loading", "stale", "fast")
                        .withDoc("cluster", "Accepted: any node answers any key.", "3.0.0"),
                CommandSpec.of("asking", 1, "fast")
                        .withDoc("cluster", "Accepted: Chorus never sends ASK.", "3.0.0"),
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
                                        .withDoc("server", "Lists every member: addresses, up or down, slots, keys.", "chorus"),
                                CommandSpec.of("chorus|gossip", 2, "loading", "stale")
                                        .withDoc("server", "What this node's failure detector believes about each peer.",
                                                "chorus"),
                                CommandSpec.of("chorus|repair", 5)
                                        .withDoc("server", "Repairs a slot range between its replicas, this node"
                                                + " coordinating; answers when done.", "chorus"),
                                CommandSpec.of("chorus|digest", 5, "loading", "stale")
                                        .withDoc("server", "This node's Merkle root and row count per slot it replicates.",
                                                "chorus")));
    }
}
