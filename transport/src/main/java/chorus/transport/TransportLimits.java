package chorus.transport;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The bounds and timings of one {@link InternodeTransport}. Every queue and buffer it owns has a
 * limit here, so a dead or slow peer costs at most {@code maxQueuedBytes + writeBufferHighWaterMark}
 * (plus one frame) of heap.
 *
 * @param maxFrameBytes largest payload one frame may carry; a larger inbound frame closes its
 *     connection, a larger outbound payload is dropped and counted
 * @param maxQueuedFrames frames waiting per peer while it is unreachable or slow; beyond, new
 *     frames are dropped and counted
 * @param maxQueuedBytes payload bytes waiting per peer, as above
 * @param writeBufferLowWaterMark a channel becomes writable again below this many pending bytes
 * @param writeBufferHighWaterMark above this many pending bytes in Netty's buffer, frames stay in
 *     the bounded queue instead
 * @param reconnectBackoffMin first delay before redialling a peer
 * @param reconnectBackoffMax the delay doubles up to this; it also is how long a connection must
 *     have lasted for the delay to start again from the minimum
 * @param connectTimeout a connect attempt that takes longer fails and is retried
 * @param handshakeTimeout an accepted connection that sends no handshake within this is closed
 * @param stallTimeout an outbound connection with unsent bytes and no progress for this long is
 *     closed and redialled; TCP alone may wait minutes to retransmit after a healed partition
 * @param ioThreads Netty I/O threads for all of this transport's connections
 */
public record TransportLimits(int maxFrameBytes, int maxQueuedFrames, long maxQueuedBytes,
                              int writeBufferLowWaterMark, int writeBufferHighWaterMark,
                              Duration reconnectBackoffMin, Duration reconnectBackoffMax,
                              Duration connectTimeout, Duration handshakeTimeout, Duration stallTimeout,
                              int ioThreads) {
    /** Leaves room below {@code Integer.MAX_VALUE} for the frame header and array overhead. */
    static final int MAX_FRAME_BYTES_LIMIT = Integer.MAX_VALUE - 64;

    public TransportLimits {
        requireRange("maxFrameBytes", maxFrameBytes, 1, MAX_FRAME_BYTES_LIMIT);
        requireRange("maxQueuedFrames", maxQueuedFrames, 1, Integer.MAX_VALUE);
        requireRange("maxQueuedBytes", maxQueuedBytes, 1, Long.MAX_VALUE);
        requireRange("writeBufferLowWaterMark", writeBufferLowWaterMark, 1, Integer.MAX_VALUE);
        requireRange("writeBufferHighWaterMark", writeBufferHighWaterMark, writeBufferLowWaterMark, Integer.MAX_VALUE);
        requirePositive("reconnectBackoffMin", reconnectBackoffMin);
        requirePositive("reconnectBackoffMax", reconnectBackoffMax);
        if (reconnectBackoffMax.compareTo(reconnectBackoffMin) < 0) {
            throw new IllegalArgumentException("reconnectBackoffMax=" + reconnectBackoffMax
                    + " is invalid (expected: >= reconnectBackoffMin=" + reconnectBackoffMin + ")");
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("handshakeTimeout", handshakeTimeout);
        requirePositive("stallTimeout", stallTimeout);
        requireRange("ioThreads", ioThreads, 1, 64);
    }

    /** 64 MiB frames, 10,000 frames or 64 MiB queued per peer, redial from 50 ms up to 2 s. */
    public static TransportLimits defaults() {
        return new TransportLimits(64 << 20, 10_000, 64L << 20, 512 << 10, 1 << 20,
                Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 2);
    }

    public TransportLimits withMaxFrameBytes(int value) {
        return new TransportLimits(value, maxQueuedFrames, maxQueuedBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, reconnectBackoffMin, reconnectBackoffMax, connectTimeout,
                handshakeTimeout, stallTimeout, ioThreads);
    }

    public TransportLimits withMaxQueued(int frames, long bytes) {
        return new TransportLimits(maxFrameBytes, frames, bytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, reconnectBackoffMin, reconnectBackoffMax, connectTimeout,
                handshakeTimeout, stallTimeout, ioThreads);
    }

    public TransportLimits withReconnectBackoff(Duration min, Duration max) {
        return new TransportLimits(maxFrameBytes, maxQueuedFrames, maxQueuedBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, min, max, connectTimeout, handshakeTimeout, stallTimeout, ioThreads);
    }

    public TransportLimits withTimeouts(Duration connect, Duration handshake, Duration stall) {
        return new TransportLimits(maxFrameBytes, maxQueuedFrames, maxQueuedBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, reconnectBackoffMin, reconnectBackoffMax, connect, handshake, stall,
                ioThreads);
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + "=" + value + " is invalid (expected: " + min + ".." + max + ")");
        }
    }

    private static void requirePositive(String name, Duration value) {
        requireNonNull(value, name + " is null");
        if (value.isNegative() || value.isZero() || value.toMillis() == 0) {
            throw new IllegalArgumentException(name + "=" + value + " is invalid (expected: >= 1 ms)");
        }
    }
}
