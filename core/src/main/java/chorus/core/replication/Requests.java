package chorus.core.replication;

import chorus.core.message.MutationAck;
import chorus.core.topology.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * Issues request ids and routes mutation acknowledgements back to whoever waits for them (a
 * client write, or a read repair). Ids start at a random point so that a late reply addressed to a
 * previous incarnation of this node cannot be mistaken for a reply to a new request.
 */
public final class Requests {
    private final Map<Long, BiConsumer<NodeId, MutationAck>> ackHandlers = new HashMap<>();
    private long nextId;

    public Requests(RandomGenerator random) {
        this.nextId = random.nextLong(1L << 62);
    }

    public long nextId() {
        return nextId++;
    }

    public long expectAcks(BiConsumer<NodeId, MutationAck> handler) {
        long id = nextId();
        ackHandlers.put(id, handler);
        return id;
    }

    /** Routes acks for an id issued earlier by {@link #nextId}. */
    public void expectAcks(long id, BiConsumer<NodeId, MutationAck> handler) {
        ackHandlers.put(id, handler);
    }

    public void forget(long id) {
        ackHandlers.remove(id);
    }

    /** Hands {@code ack} to its waiter; acks nobody waits for (late, duplicate) are dropped. */
    public void onMutationAck(NodeId from, MutationAck ack) {
        BiConsumer<NodeId, MutationAck> handler = ackHandlers.get(ack.requestId());
        if (handler != null) {
            handler.accept(from, ack);
        }
    }

    public int pending() {
        return ackHandlers.size();
    }
}
