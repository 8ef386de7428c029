package chorus.transport;

import chorus.core.topology.NodeId;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An {@link InboundHandler} that keeps every frame it is given, in arrival order. */
final class Recorder implements InboundHandler {
    record Received(NodeId from, byte[] payload) {
        int number() {
            return ByteBuffer.wrap(payload).getInt();
        }
    }

    private final ConcurrentLinkedQueue<Received> frames = new ConcurrentLinkedQueue<>();

    @Override
    public void onFrame(NodeId from, byte[] payload) {
        frames.add(new Received(from, payload));
    }

    int count() {
        return frames.size();
    }

    List<Received> all() {
        return List.copyOf(frames);
    }

    /** The sequence numbers (first four bytes) of the frames from one sender, in arrival order. */
    List<Integer> numbersFrom(NodeId sender) {
        return frames.stream().filter(frame -> frame.from().equals(sender)).map(Received::number).toList();
    }

    static byte[] numbered(int number, int size) {
        return ByteBuffer.allocate(Math.max(4, size)).putInt(number).array();
    }
}
