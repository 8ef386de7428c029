package chorus.transport;

import java.util.List;

/**
 * Consecutive frames for one connection, written to the channel as one message and encoded into
 * one buffer. Coalescing many small frames (acks, gossip) into one write is what makes the
 * per-write cost of Netty (promise, outbound entry, syscall) small per frame.
 */
final class FrameBatch {
    private final List<byte[]> payloads;
    private final long payloadBytes;

    FrameBatch(List<byte[]> payloads) {
        this.payloads = List.copyOf(payloads);
        long bytes = 0;
        for (byte[] payload : payloads) {
            bytes += payload.length;
        }
        this.payloadBytes = bytes;
    }

    static FrameBatch of(byte[] payload) {
        return new FrameBatch(List.of(payload));
    }

    List<byte[]> payloads() {
        return payloads;
    }

    int frameCount() {
        return payloads.size();
    }

    /** The size of the encoded batch: every frame's header and payload. */
    long encodedBytes() {
        return payloadBytes + (long) Frames.HEADER_BYTES * payloads.size();
    }
}
