package chorus.transport;

import chorus.core.topology.NodeId;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The accepted connections of one transport, by the node id each announced in its handshake,
 * and the frames received from each node. Thread-safe: every I/O thread registers its own
 * channels. Both maps are bounded by the node id space ({@link NodeId#MAX}).
 */
final class InboundConnections {
    private final Map<NodeId, Channel> channels = new ConcurrentHashMap<>();
    private final Map<NodeId, LongAdder> received = new ConcurrentHashMap<>();

    /**
     * Records {@code channel} as the connection from {@code from} and returns the connection it
     * replaces, if any. The caller closes that one: a dialer opens a new connection only after
     * losing its old one, so the old one is dead or half-open and would linger.
     */
    Channel register(NodeId from, Channel channel) {
        return channels.put(from, channel);
    }

    void unregister(NodeId from, Channel channel) {
        channels.remove(from, channel);
    }

    LongAdder receivedCounter(NodeId from) {
        return received.computeIfAbsent(from, id -> new LongAdder());
    }

    boolean isConnected(NodeId from) {
        Channel channel = channels.get(from);
        return channel != null && channel.isActive();
    }

    long framesReceived(NodeId from) {
        LongAdder counter = received.get(from);
        return counter == null ? 0 : counter.sum();
    }

    /** Every node that has completed a handshake with us, sorted. */
    Set<NodeId> knownNodes() {
        Set<NodeId> nodes = new TreeSet<>(received.keySet());
        nodes.addAll(channels.keySet());
        return nodes;
    }
}
