package chorus.server.config;

import java.util.List;
import java.util.Optional;

/** Every setting a node has, in the order the documentation lists them. */
public final class Settings {
    public static final Setting NODE_ID = new Setting("node-id", "ID", "n1",
            "This node's id, n1..n1023. It must stay the same for the life of the data directory.");
    public static final Setting LISTEN_HOST = new Setting("listen-host", "HOST", "127.0.0.1",
            "The address this node listens on for internode traffic and dials its peers from. A local cluster"
                    + " gives node N the address 127.0.0.N, so a test can cut one link with iptables.");
    public static final Setting INTERNODE_PORT = new Setting("internode-port", "PORT", "7101",
            "The internode port (1..65535).");
    public static final Setting CLIENT_HOST = new Setting("client-host", "HOST", "127.0.0.1",
            "The address Redis clients connect to (RESP2 and RESP3).");
    public static final Setting CLIENT_PORT = new Setting("client-port", "PORT", "7001",
            "The RESP port (1..65535).");
    public static final Setting HTTP_PORT = new Setting("http-port", "PORT", "0",
            "Reserved for the HTTP front door (admin, metrics); 0 means off, and nothing listens on it yet.");
    public static final Setting DATA_DIR = new Setting("data-dir", "DIR", "data/<node-id>",
            "Where the node keeps its data. Created if missing; must be writable. A node restarted on the same"
                    + " directory serves the data it held.");
    public static final Setting MEMBERS = new Setting("members", "LIST", "(this node alone)",
            "The static list of cluster members, this node included, each as"
                    + " 'ID=INTERNODE-HOST:PORT/CLIENT-HOST:PORT[/RACK]', comma-separated on the command line or"
                    + " one per list item in YAML (a string of that form, or a map with id, internode, client, rack)."
                    + " Every node must be given the same list. Gossip-based membership and joining a running"
                    + " cluster come later; until then the member list is fixed at start.");
    public static final Setting RACK = new Setting("rack", "NAME", "rack1",
            "This node's rack. Replicas of a slot are placed on distinct racks where there are enough racks.");
    public static final Setting REPLICATION_FACTOR = new Setting("replication-factor", "N", "3",
            "How many nodes hold each key (1..9). Capped at the number of members, so a single node works.");
    public static final Setting READ_CONSISTENCY = new Setting("read-consistency", "LEVEL", "QUORUM",
            "The read level (ONE, QUORUM, ALL or SERIAL) of a connection that has not chosen one with"
                    + " CONSISTENCY. SERIAL reads go through Paxos: linearizable, and slower.");
    public static final Setting WRITE_CONSISTENCY = new Setting("write-consistency", "LEVEL", "QUORUM",
            "The write level (ONE, QUORUM, ALL or SERIAL) of a connection that has not chosen one with"
                    + " CONSISTENCY. SERIAL writes go through Paxos.");
    public static final Setting SYNC_MODE = new Setting("sync-mode", "MODE", "fsync",
            "fsync: a write is acknowledged only once its write-ahead log is fsynced (concurrent writes share"
                    + " one sync). periodic: acknowledged before the fsync, which runs every sync-period; faster,"
                    + " but a power loss can lose the last period of acknowledged writes. INFO and the log say"
                    + " which mode is on.");
    public static final Setting SYNC_PERIOD = new Setting("sync-period", "DURATION", "100ms",
            "The fsync interval in periodic mode (1ms..10s).");
    public static final Setting RECENT_ROWS_SIZE = new Setting("recent-rows-size", "SIZE", "auto",
            "Heap kept for the stored rows of recently written and read keys, which reads and most writes take"
                    + " instead of asking RocksDB: 224 bytes per key (keys up to 40 bytes; rows up to 152 bytes"
                    + " whole, longer rows only their timestamp), allocated at start. auto: a quarter of the heap,"
                    + " at most 56MiB (262,144 keys). Otherwise 1MiB..1792MiB, rounded down to a power of two of"
                    + " keys, and at most half of the heap (-Xmx in JAVA_OPTS).");
    public static final Setting WRITE_TIMEOUT = new Setting("write-timeout", "DURATION", "2s",
            "How long a coordinator waits for write acknowledgements before answering TIMEOUT (10ms..10m).");
    public static final Setting READ_TIMEOUT = new Setting("read-timeout", "DURATION", "2s",
            "How long a coordinator waits for read responses before answering TIMEOUT (10ms..10m).");
    public static final Setting HEARTBEAT_INTERVAL = new Setting("heartbeat-interval", "DURATION", "500ms",
            "How often a node gossips its heartbeat to a few peers (10ms..1m).");
    public static final Setting FAILURE_TIMEOUT = new Setting("failure-timeout", "DURATION", "10s",
            "Silence after which a peer is down even if the phi-accrual detector (threshold 8) has not yet said so;"
                    + " a backstop, normally phi notices a dead peer in about 2.5 s (20ms..10m; more than"
                    + " heartbeat-interval).");
    public static final Setting HINT_WINDOW = new Setting("hint-window", "DURATION", "3h",
            "How long a coordinator keeps the writes a down replica missed (hints) for it; older hints are dropped"
                    + " undelivered and counted in INFO (hints_expired), and only repair fixes their replica"
                    + " (0..168h; 0 means no hint is ever delivered).");
    public static final Setting MAX_PENDING_HINT_BYTES = new Setting("max-pending-hint-bytes", "SIZE", "16MiB",
            "The most bytes of hints that wait for this node's storage to make them durable (1KiB..1GiB). A burst of"
                    + " writes while a replica is down queues its hints within this budget; beyond it hints are"
                    + " dropped, counted in INFO (hints_overflowed) and logged once per burst, and only repair fixes"
                    + " their replica. A hint takes its key and value plus about 70 bytes.");
    public static final Setting REPAIR_INTERVAL = new Setting("repair-interval", "DURATION", "24h",
            "How often each node repairs, in the background and paced so client traffic keeps priority, the slots it"
                    + " is the first replica of; together the nodes repair every slot once per interval. 0 turns it"
                    + " off (then run chorus repair yourself). Must stay below tombstone-grace (0, or 1m..720h).");
    public static final Setting SPECULATIVE_RETRY_PERCENTILE = new Setting("speculative-retry-percentile", "N", "99",
            "A read asks only the replicas its level needs, the fastest first; when the slowest of them has taken"
                    + " longer than this percentile of its recent read latencies, the read asks one more replica"
                    + " (1..100).");
    public static final Setting SPECULATIVE_RETRY_MIN = new Setting("speculative-retry-min", "DURATION", "5ms",
            "The shortest wait before a read asks one more replica, however fast the recent reads were"
                    + " (0ms..10m; the wait never exceeds half of read-timeout).");
    public static final Setting TOMBSTONE_GRACE = new Setting("tombstone-grace", "DURATION", "10d",
            "How long a deletion's tombstone is kept before a background sweep purges it (0ms..3650d). It must"
                    + " be longer than the interval between two repairs of every slot: a replica that missed a delete"
                    + " and is not repaired within it brings the deleted value back (docs/healing.md).");
    public static final Setting MAX_PENDING_OPERATIONS = new Setting("max-pending-operations", "N", "10000",
            "The most client operations one node coordinates at once; more are answered OVERLOADED (1..1000000).");
    public static final Setting MAX_KEY_SIZE = new Setting("max-key-size", "SIZE", "64KiB",
            "The largest key, in bytes (1B..512MiB).");
    public static final Setting MAX_VALUE_SIZE = new Setting("max-value-size", "SIZE", "16MiB",
            "The largest value, in bytes (1B..512MiB).");
    public static final Setting MAX_REQUEST_SIZE = new Setting("max-request-size", "SIZE", "64MiB",
            "The largest request, all arguments together (1KiB..1GiB). A bigger request is a protocol error"
                    + " and closes the connection, as in Redis.");
    public static final Setting MAX_CONNECTIONS = new Setting("max-connections", "N", "10000",
            "Open client connections per node (1..1000000); one more is refused with an error.");
    public static final Setting MAX_PIPELINED = new Setting("max-pipelined", "N", "1024",
            "Requests read from one connection but not yet answered (1..1000000); beyond it the node stops"
                    + " reading from that client until replies drain.");
    public static final Setting ALLOW_FLUSH = new Setting("allow-flush", "BOOL", "false",
            "Whether FLUSHALL and FLUSHDB may delete every key of the cluster (true or false). Off by default, so a"
                    + " stray FLUSHALL cannot wipe production data; turn it on for tests.");

    private static final List<Setting> ALL = List.of(NODE_ID, LISTEN_HOST, INTERNODE_PORT, CLIENT_HOST, CLIENT_PORT,
            HTTP_PORT, DATA_DIR, MEMBERS, RACK, REPLICATION_FACTOR, READ_CONSISTENCY, WRITE_CONSISTENCY, SYNC_MODE,
            SYNC_PERIOD, RECENT_ROWS_SIZE, WRITE_TIMEOUT, READ_TIMEOUT, HEARTBEAT_INTERVAL, FAILURE_TIMEOUT, HINT_WINDOW,
            MAX_PENDING_HINT_BYTES, REPAIR_INTERVAL, SPECULATIVE_RETRY_PERCENTILE, SPECULATIVE_RETRY_MIN,
            TOMBSTONE_GRACE, MAX_PENDING_OPERATIONS, MAX_KEY_SIZE, MAX_VALUE_SIZE, MAX_REQUEST_SIZE, MAX_CONNECTIONS,
            MAX_PIPELINED, ALLOW_FLUSH);

    private Settings() {
    }

    public static List<Setting> all() {
        return ALL;
    }

    public static Optional<Setting> find(String name) {
        return ALL.stream().filter(setting -> setting.name().equals(name)).findFirst();
    }
}
