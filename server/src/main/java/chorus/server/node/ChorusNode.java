package chorus.server.node;

import static java.util.Objects.requireNonNull;

import chorus.core.message.Envelope;
import chorus.core.node.Node;
import chorus.core.node.NodeEnvironment;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import chorus.resp.CommandTable;
import chorus.resp.ConnectionRegistry;
import chorus.resp.RespServer;
import chorus.server.commands.DataCommandSpecs;
import chorus.server.commands.DataCommands;
import chorus.server.commands.NodeFacts;
import chorus.server.commands.StorageCounters;
import chorus.server.config.ChorusConfig;
import chorus.server.config.ConfigException;
import chorus.server.config.Settings;
import chorus.server.config.SyncMode;
import chorus.storage.RocksDbStorageEngine;
import chorus.storage.StorageConfig;
import chorus.storage.StorageOpenException;
import chorus.transport.InternodeTransport;
import chorus.transport.NettyIo;
import chorus.transport.TransportLimits;
import chorus.wire.MessageCodec;
import chorus.core.codec.WireFormatException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Chorus node: the production composition root (STYLE.md §5), the only place that
 * builds adapters. It wires the protocol core ({@link Node}) to a single-thread event loop (the
 * node thread), the system clock, RocksDB storage, the Netty internode transport and the RESP
 * front door, and starts and stops them in order.
 *
 * <p>Threading: {@link #start} and {@link #close} may be called from any thread except the node's
 * own threads; every call into the core is posted to the node thread.
 *
 * <p>Failures an operator can fix (port in use, unwritable data directory) surface from
 * {@link #start} as {@link ConfigException} with one line, after everything started so far has
 * been released.
 */
public final class ChorusNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChorusNode.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final ChorusConfig config;
    private final NodeId self;
    /**
     * The node's one event loop: it runs the protocol core and does the I/O of the node's client and
     * internode connections. One thread for all three means a request is parsed, coordinated and
     * answered, and a peer's message handled, without a hand-over between threads (each costs a
     * wake-up, which on a small machine is a good part of a request's cost); only storage runs
     * elsewhere.
     */
    private final NettyIo io;
    private final EventLoopGroup loops;
    private final EventLoop nodeLoop;
    private RocksDbStorageEngine storage;
    private InternodeTransport transport;
    private Node node;
    private NodeAccess access;
    private RespServer resp;
    private boolean closed;

    private ChorusNode(ChorusConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.self = config.nodeId();
        this.io = NettyIo.preferred();
        this.loops = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("chorus-node-" + self, false),
                io.handlerFactory());
        this.nodeLoop = loops.next();
    }

    /** Starts a node and returns once it serves clients; see the class comment for failures. */
    public static ChorusNode start(ChorusConfig config) {
        ChorusNode chorusNode = new ChorusNode(config);
        try {
            chorusNode.startAll();
            return chorusNode;
        } catch (RuntimeException e) {
            chorusNode.close();
            throw e;
        }
    }

    private void startAll() {
        long seed = new SecureRandom().nextLong();
        String runId = newRunId();
        long startedNanos = System.nanoTime();
        LOG.info("{} starting: seed={} run_id={} members={} replication-factor={} io={}", self, seed, runId,
                config.members().size(), config.effectiveReplicationFactor(), io.name());
        storage = openStorage();
        transport = new InternodeTransport(self, config.listenHost(), config.internodePort(), this::onFrame,
                TransportLimits.defaults(), loops, io);
        SystemClock clock = new SystemClock();
        NodeEnvironment environment = new NodeEnvironment(self, clock, new EventLoopScheduler(nodeLoop),
                (to, envelope) -> transport.send(to, MessageCodec.encode(envelope)), storage, new SplittableRandom(seed));
        node = new Node(environment, config.nodeConfig());
        startTransport();
        nodeLoop.submit(node::start).syncUninterruptibly();
        NodeFacts facts = new NodeFacts(config, runId, startedNanos, this::connectedClients, this::keysEstimate,
                this::storageCounters);
        access = new NodeAccess(node, nodeLoop);
        DataCommands commands = new DataCommands(access, clock, facts);
        resp = startResp(commands);
        LOG.info("{} ready: clients on {}, peers on {}, data in {}", self, config.self().clientAddress(),
                config.self().internodeAddress(), config.dataDir().toAbsolutePath());
    }

    private RocksDbStorageEngine openStorage() {
        chorus.storage.SyncMode syncMode = config.syncMode() == SyncMode.FSYNC
                ? chorus.storage.SyncMode.ALWAYS : chorus.storage.SyncMode.PERIODIC;
        StorageConfig storageConfig = StorageConfig.defaults().withPeriodicSyncInterval(config.syncPeriod());
        if (config.recentRowsBytes() > 0) {
            // The table is allocated whole at start: past half the heap, the node would run short of it.
            long heap = Runtime.getRuntime().maxMemory();
            if (config.recentRowsBytes() > heap / 2) {
                throw ConfigException.invalid(Settings.RECENT_ROWS_SIZE.name(), config.recentRowsBytes() + " bytes",
                        "at most half of this node's heap, " + (heap / 2 >> 20) + "MiB; give the node more heap"
                                + " (-Xmx in JAVA_OPTS) or keep fewer rows");
            }
            storageConfig = storageConfig.withRecentRowsBytes(config.recentRowsBytes());
        }
        try {
            DataDirectory.prepare(config.dataDir());
            RocksDbStorageEngine engine = new RocksDbStorageEngine(config.dataDir(), syncMode, nodeLoop, storageConfig);
            if (config.syncMode() == SyncMode.FSYNC) {
                LOG.info("{} opened storage in {} (sync-mode=fsync: every acknowledged write is fsynced)", self,
                        engine.dataDirectory());
            } else {
                LOG.warn("{} opened storage in {} (sync-mode=periodic every {} ms: a power loss can lose acknowledged"
                        + " writes)", self, engine.dataDirectory(), config.syncPeriod().toMillis());
            }
            return engine;
        } catch (StorageOpenException e) {
            throw new ConfigException("data-dir: " + e.getMessage());
        }
    }

    private void startTransport() {
        try {
            transport.start();
        } catch (UncheckedIOException e) {
            throw new ConfigException("internode-port: " + e.getMessage());
        }
        Map<NodeId, String> peers = new TreeMap<>();
        for (Member member : config.members()) {
            if (!member.id().equals(self)) {
                peers.put(member.id(), member.internodeAddress());
            }
        }
        transport.setPeers(peers);
        LOG.info("{} listening for peers on {} ({} peers: {})", self, config.self().internodeAddress(), peers.size(),
                peers.values());
    }

    private RespServer startResp(DataCommands commands) {
        CommandTable table = CommandTable.builder().addAll(DataCommandSpecs.all()).build();
        try {
            RespServer server = RespServer.start(RespSettings.of(config), table, commands, new ConnectionRegistry(), loops,
                    io.serverSocketChannel());
            LOG.info("{} listening for clients on {}:{}", self, config.clientHost(), server.port());
            return server;
        } catch (IllegalStateException e) {
            throw new ConfigException("client-port: " + RespSettings.describeBindFailure(config, e));
        }
    }

    /**
     * A frame from a peer, on a transport I/O thread: decoded here, so the node thread only handles
     * messages, then handed to the node thread. A frame that does not decode is dropped: the sender
     * speaks another version or is broken, and the core's timeouts cover the loss.
     */
    private void onFrame(NodeId from, byte[] payload) {
        Envelope envelope;
        try {
            envelope = MessageCodec.decode(payload);
        } catch (WireFormatException e) {
            LOG.warn("{} dropped a frame from {}: {}", self, from, e.getMessage());
            return;
        }
        Node target = node;
        if (target != null && !nodeLoop.isShuttingDown()) {
            nodeLoop.execute(() -> target.receive(envelope));
        }
    }

    public ChorusConfig config() {
        return config;
    }

    /** The RESP address actually bound. */
    public InetSocketAddress clientAddress() {
        return resp.localAddress();
    }

    /** Reads and writes straight into the core, bypassing RESP: for embedding and tests. */
    public NodeAccess access() {
        return access;
    }

    public InetSocketAddress internodeAddress() {
        return transport.listenAddress();
    }

    private int connectedClients() {
        RespServer server = resp;
        return server == null ? 0 : server.connections().count();
    }

    private long keysEstimate() {
        RocksDbStorageEngine engine = storage;
        return engine == null ? -1 : engine.approximateKeyCount();
    }

    private StorageCounters storageCounters() {
        RocksDbStorageEngine engine = storage;
        return engine == null ? StorageCounters.UNKNOWN
                : new StorageCounters(engine.syncCount(), engine.applyCount(), engine.writesWithoutReadCount(),
                        engine.recentRowReadCount(), engine.recentRowsCapacity());
    }

    /**
     * Stops in the reverse order of start: clients first (no new requests), then the core's periodic
     * work, the internode transport, storage (which finishes what is queued), and the node thread.
     * Idempotent; logs one line per step.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("{} stopping", self);
        if (resp != null) {
            resp.close();
            LOG.info("{} stopped serving clients", self);
        }
        if (node != null) {
            nodeLoop.submit(node::stop).awaitUninterruptibly(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        if (transport != null) {
            transport.close();
            LOG.info("{} closed internode connections", self);
        }
        if (storage != null) {
            storage.close();
            LOG.info("{} closed storage", self);
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        LOG.info("{} stopped", self);
    }

    private static String newRunId() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
