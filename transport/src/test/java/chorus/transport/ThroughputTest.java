package chorus.transport;

import chorus.core.topology.NodeId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A quick measurement, not an assertion: frames per second from one transport to another on
 * loopback, one sending thread. Prints one line; machines and load vary too much to assert on.
 */
@Timeout(120)
class ThroughputTest {
    private static final NodeId N1 = NodeId.of(1);
    private static final NodeId N2 = NodeId.of(2);

    @Test
    void measuresFramesPerSecondOnLoopback() {
        measure(100, 1_000_000);
        measure(1024, 300_000);
    }

    private static void measure(int payloadBytes, int frames) {
        AtomicLong received = new AtomicLong();
        // The queue holds the whole run, so the number measures the link, not drops.
        TransportLimits limits = TransportLimits.defaults().withMaxQueued(frames, 1L << 30);
        try (InternodeTransport one = new InternodeTransport(N1, "127.0.0.1", 0, (from, payload) -> { }, limits);
             InternodeTransport two = new InternodeTransport(N2, "127.0.0.1", 0,
                     (from, payload) -> received.incrementAndGet(), limits)) {
            one.start();
            two.start();
            one.setPeers(Map.of(N2, "127.0.0.1:" + two.listenAddress().getPort()));
            Eventually.await(Duration.ofSeconds(10), () -> one.peerStats(N2).orElseThrow().outboundConnected(),
                    () -> "connected");
            byte[] payload = new byte[payloadBytes];
            long start = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                one.send(N2, payload);
            }
            Eventually.await(Duration.ofSeconds(100), () -> received.get() == frames,
                    () -> received.get() + " of " + frames + " frames");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("transport throughput: %d frames of %d bytes in %.2f s = %.0f frames/s (%.1f MiB/s)%n",
                    frames, payloadBytes, seconds, frames / seconds, frames * (double) payloadBytes / seconds / (1 << 20));
        }
    }
}
