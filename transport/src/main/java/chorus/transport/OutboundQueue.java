package chorus.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames waiting for one peer, bounded by count and by payload bytes. Thread-safe: any thread
 * offers, the peer's event loop polls. A short lock is enough here; the event loop holds it for
 * one poll at a time, so senders never wait behind network I/O.
 */
final class OutboundQueue {
    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private long bytes;

    OutboundQueue(int maxFrames, long maxBytes) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Returns false, keeping nothing, when the frame would exceed either bound. */
    synchronized boolean offer(byte[] payload) {
        if (frames.size() >= maxFrames || bytes + payload.length > maxBytes) {
            return false;
        }
        frames.addLast(payload);
        bytes += payload.length;
        return true;
    }

    /**
     * Removes and returns the oldest frames, up to {@code maxFrames} and, past the first frame,
     * {@code maxBytes} of payload; an empty list when the queue is empty. One lock for many
     * frames keeps the event loop from contending with senders per frame.
     */
    synchronized List<byte[]> pollBatch(int maxFrames, long maxBytes) {
        List<byte[]> batch = new ArrayList<>(Math.min(maxFrames, frames.size()));
        long batchBytes = 0;
        while (batch.size() < maxFrames && !frames.isEmpty()) {
            byte[] next = frames.peekFirst();
            if (!batch.isEmpty() && batchBytes + next.length > maxBytes) {
                break;
            }
            frames.pollFirst();
            bytes -= next.length;
            batchBytes += next.length;
            batch.add(next);
        }
        return batch;
    }

    /** Discards every frame and returns how many there were. */
    synchronized int clear() {
        int count = frames.size();
        frames.clear();
        bytes = 0;
        return count;
    }

    synchronized int size() {
        return frames.size();
    }

    synchronized long bytes() {
        return bytes;
    }
}
