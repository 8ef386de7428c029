package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.topology.NodeId;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class InternodeTransportTest {
    private static final String HOST = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Fast redialling keeps the reconnect tests short. */
    private static final TransportLimits FAST = TransportLimits.defaults()
            .withReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200));
    private static final NodeId N1 = NodeId.of(1);
    private static final NodeId N2 = NodeId.of(2);
    private static final NodeId N3 = NodeId.of(3);

    private final List<InternodeTransport> transports = new ArrayList<>();

    @AfterEach
    void closeAll() {
        transports.forEach(InternodeTransport::close);
    }

    private InternodeTransport started(NodeId id, Recorder recorder) {
        return started(id, 0, recorder, FAST);
    }

    private InternodeTransport started(NodeId id, int port, InboundHandler inbound, TransportLimits limits) {
        InternodeTransport transport = new InternodeTransport(id, HOST, port, inbound, limits);
        transports.add(transport);
        transport.start();
        return transport;
    }

    private static String address(InternodeTransport transport) {
        return HOST + ":" + transport.listenAddress().getPort();
    }

    @Test
    void twoTransportsExchangeFramesBothWaysWithSenderIds() {
        Recorder atOne = new Recorder();
        Recorder atTwo = new Recorder();
        InternodeTransport one = started(N1, atOne);
        InternodeTransport two = started(N2, atTwo);
        one.setPeers(Map.of(N2, address(two)));
        two.setPeers(Map.of(N1, address(one)));

        for (int i = 0; i < 100; i++) {
            one.send(N2, Recorder.numbered(i, 16));
            two.send(N1, Recorder.numbered(1000 + i, 16));
        }

        Eventually.await(WAIT, () -> atOne.count() == 100 && atTwo.count() == 100,
                () -> "100 frames each way; got " + atOne.count() + " and " + atTwo.count());
        assertThat(atTwo.numbersFrom(N1)).containsExactlyElementsOf(range(0, 100));
        assertThat(atOne.numbersFrom(N2)).containsExactlyElementsOf(range(1000, 1100));
        assertThat(atTwo.all()).allSatisfy(frame -> assertThat(frame.payload()).hasSize(16));
        PeerStats oneSeesTwo = one.peerStats(N2).orElseThrow();
        assertThat(oneSeesTwo.outboundConnected()).isTrue();
        assertThat(oneSeesTwo.inboundConnected()).isTrue();
        assertThat(oneSeesTwo.framesReceived()).isEqualTo(100);
        assertThat(oneSeesTwo.framesDropped()).isZero();
        Eventually.await(WAIT, () -> one.peerStats(N2).orElseThrow().framesSent() == 100, () -> "sent count");
    }

    @Test
    void threeTransportsPreserveOrderPerSender() {
        List<Recorder> recorders = List.of(new Recorder(), new Recorder(), new Recorder());
        List<NodeId> ids = List.of(N1, N2, N3);
        List<InternodeTransport> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(started(ids.get(i), recorders.get(i)));
        }
        Map<NodeId, String> members = Map.of(N1, address(nodes.get(0)), N2, address(nodes.get(1)),
                N3, address(nodes.get(2)));
        // Each node dials every member, itself included, as the core would set it from membership.
        nodes.forEach(node -> node.setPeers(members));

        int frames = 2000;
        for (int i = 0; i < frames; i++) {
            for (int from = 0; from < 3; from++) {
                for (NodeId to : ids) {
                    nodes.get(from).send(to, Recorder.numbered(i, 8));
                }
            }
        }

        Eventually.await(WAIT, () -> recorders.stream().allMatch(r -> r.count() == 3 * frames),
                () -> "3 x " + frames + " frames at each node; got " + recorders.stream().map(Recorder::count).toList());
        for (Recorder recorder : recorders) {
            for (NodeId sender : ids) {
                assertThat(recorder.numbersFrom(sender)).containsExactlyElementsOf(range(0, frames));
            }
        }
    }

    @Test
    void tenThousandFramesArriveInOrder() {
        Recorder atTwo = new Recorder();
        InternodeTransport one = started(N1, new Recorder());
        InternodeTransport two = started(N2, atTwo);
        one.setPeers(Map.of(N2, address(two)));

        for (int i = 0; i < 10_000; i++) {
            one.send(N2, Recorder.numbered(i, 100));
        }

        Eventually.await(WAIT, () -> atTwo.count() == 10_000, () -> "10,000 frames; got " + atTwo.count());
        assertThat(atTwo.numbersFrom(N1)).containsExactlyElementsOf(range(0, 10_000));
        assertThat(one.peerStats(N2).orElseThrow().framesDropped()).isZero();
    }

    @Test
    void peerStartedLaterGetsFramesQueuedWhileItWasDownAndAfter() {
        int portOfTwo = Sockets.freePort();
        InternodeTransport one = started(N1, new Recorder());
        one.setPeers(Map.of(N2, HOST + ":" + portOfTwo));
        for (int i = 0; i < 100; i++) {
            one.send(N2, Recorder.numbered(i, 32));
        }
        Eventually.await(WAIT, () -> one.peerStats(N2).orElseThrow().queuedFrames() == 100, () -> "queued");
        sleep(300); // Several failed dials: the backoff must keep the peer reachable later.
        assertThat(one.peerStats(N2).orElseThrow().outboundConnected()).isFalse();

        Recorder atTwo = new Recorder();
        started(N2, portOfTwo, atTwo, FAST);
        Eventually.await(WAIT, () -> one.peerStats(N2).orElseThrow().outboundConnected(), () -> "n1 connects to n2");
        for (int i = 100; i < 200; i++) {
            one.send(N2, Recorder.numbered(i, 32));
        }

        Eventually.await(WAIT, () -> atTwo.count() == 200, () -> "200 frames; got " + atTwo.count());
        assertThat(atTwo.numbersFrom(N1)).containsExactlyElementsOf(range(0, 200));
        PeerStats stats = one.peerStats(N2).orElseThrow();
        assertThat(stats.framesDropped()).isZero();
        assertThat(stats.queuedFrames()).isZero();
    }

    @Test
    void reconnectsAfterThePeerRestarts() {
        int portOfTwo = Sockets.freePort();
        InternodeTransport one = started(N1, new Recorder());
        one.setPeers(Map.of(N2, HOST + ":" + portOfTwo));
        Recorder firstLife = new Recorder();
        InternodeTransport two = started(N2, portOfTwo, firstLife, FAST);
        one.send(N2, Recorder.numbered(1, 4));
        Eventually.await(WAIT, () -> firstLife.count() == 1, () -> "first frame");

        two.close();
        Eventually.await(WAIT, () -> !one.peerStats(N2).orElseThrow().outboundConnected(), () -> "n1 sees n2 gone");
        Recorder secondLife = new Recorder();
        started(N2, portOfTwo, secondLife, FAST);
        Eventually.await(WAIT, () -> one.peerStats(N2).orElseThrow().outboundConnected(), () -> "n1 redials n2");
        one.send(N2, Recorder.numbered(2, 4));

        Eventually.await(WAIT, () -> secondLife.count() == 1, () -> "frame after restart");
        assertThat(secondLife.numbersFrom(N1)).containsExactly(2);
    }

    @Test
    void queueForADownPeerIsBoundedAndOverflowIsDroppedAndCounted() {
        TransportLimits limits = FAST.withMaxQueued(1000, 4L << 20);
        InternodeTransport one = started(N1, 0, new Recorder(), limits);
        one.setPeers(Map.of(N2, HOST + ":" + Sockets.freePort()));

        for (int i = 0; i < 5000; i++) {
            one.send(N2, Recorder.numbered(i, 16));
        }
        PeerStats byCount = one.peerStats(N2).orElseThrow();
        assertThat(byCount.queuedFrames()).isEqualTo(1000);
        assertThat(byCount.framesDropped()).isEqualTo(4000);

        one.setPeers(Map.of(N2, HOST + ":" + Sockets.freePort()));   // a fresh, empty queue
        // 2 GiB of distinct 1 MiB arrays under a 512 MiB heap: only a bounded queue survives this.
        for (int i = 0; i < 2048; i++) {
            one.send(N2, new byte[1 << 20]);
        }
        PeerStats byBytes = one.peerStats(N2).orElseThrow();
        assertThat(byBytes.queuedFrames()).isEqualTo(4);
        assertThat(byBytes.queuedBytes()).isEqualTo(4L << 20);
        assertThat(byBytes.framesDropped()).isEqualTo(2044);
        Runtime runtime = Runtime.getRuntime();
        assertThat(runtime.totalMemory() - runtime.freeMemory()).isLessThan(runtime.maxMemory());
    }

    @Test
    void framesToUnknownPeersAndOversizedPayloadsAreDroppedAndCounted() {
        InternodeTransport one = started(N1, 0, new Recorder(), FAST.withMaxFrameBytes(1024));
        one.setPeers(Map.of(N2, HOST + ":" + Sockets.freePort()));

        one.send(N3, new byte[1]);
        one.send(N2, new byte[1025]);

        assertThat(one.framesDroppedNoRoute()).isEqualTo(1);
        assertThat(one.peerStats(N2).orElseThrow().framesDropped()).isEqualTo(1);
        assertThat(one.peerStats(N2).orElseThrow().queuedFrames()).isZero();
    }

    @Test
    void removedPeerIsDisconnectedAndMovedPeerIsRedialled() {
        Recorder atTwo = new Recorder();
        Recorder atThree = new Recorder();
        InternodeTransport one = started(N1, new Recorder());
        InternodeTransport two = started(N2, atTwo);
        InternodeTransport three = started(N3, atThree);
        one.setPeers(Map.of(N2, address(two), N3, address(three)));
        Eventually.await(WAIT, () -> two.peerStats(N1).map(PeerStats::inboundConnected).orElse(false),
                () -> "n2 accepts n1");

        one.setPeers(Map.of(N3, address(three)));
        Eventually.await(WAIT, () -> !two.peerStats(N1).orElseThrow().inboundConnected(), () -> "n2 sees n1 leave");
        one.send(N2, Recorder.numbered(1, 4));
        assertThat(one.framesDroppedNoRoute()).isEqualTo(1);
        assertThat(one.peerStats()).extracting(PeerStats::peer).containsExactly(N3);

        // N3 "moves" to n2's address: n2 then rejects the handshake (it is not n3), so nothing
        // arrives anywhere, and n1 keeps redialling with backoff rather than spinning.
        one.setPeers(Map.of(N3, address(two)));
        one.send(N3, Recorder.numbered(2, 4));
        sleep(300);
        assertThat(atTwo.count()).isZero();
        assertThat(atThree.count()).isZero();
        one.setPeers(Map.of(N3, address(three)));
        one.send(N3, Recorder.numbered(3, 4));
        Eventually.await(WAIT, () -> atThree.count() >= 1, () -> "frame at n3 after it moved back");
        assertThat(atThree.numbersFrom(N1)).contains(3);
    }

    @Test
    void portInUseGivesAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            int port = taken.getLocalPort();
            InternodeTransport transport = new InternodeTransport(N1, HOST, port, new Recorder(), FAST);
            transports.add(transport);
            assertThatThrownBy(transport::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(HOST + ":" + port)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void closingATransportWhilePeersSendIsClean() throws Exception {
        // Counts instead of recording: the senders below produce frames as fast as they can.
        AtomicLong atTwo = new AtomicLong();
        InternodeTransport one = started(N1, 0, (from, payload) -> { }, FAST);
        InternodeTransport two = started(N2, 0, (from, payload) -> atTwo.incrementAndGet(), FAST);
        one.setPeers(Map.of(N2, address(two)));
        two.setPeers(Map.of(N1, address(one)));
        Eventually.await(WAIT, () -> one.peerStats(N2).orElseThrow().outboundConnected()
                && two.peerStats(N1).orElseThrow().outboundConnected(), () -> "both directions connected");
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (InternodeTransport sender : List.of(one, two, one)) {
            NodeId to = sender == one ? N2 : N1;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        sender.send(to, Recorder.numbered(i, 64));
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            senders.add(thread);
            thread.start();
        }
        Eventually.await(WAIT, () -> atTwo.get() > 1000, () -> "traffic flows");

        long closeStart = System.nanoTime();
        two.close();
        long closeMillis = (System.nanoTime() - closeStart) / 1_000_000;
        // n1 keeps sending into its bounded queue and redialling a closed port meanwhile.
        Eventually.await(WAIT, () -> !one.peerStats(N2).orElseThrow().outboundConnected(), () -> "n1 sees n2 gone");
        sleep(200);
        stop.set(true);
        for (Thread thread : senders) {
            thread.join(5000);
        }

        assertThat(failures).isEmpty();
        assertThat(closeMillis).isLessThan(5000);
        PeerStats stats = one.peerStats(N2).orElseThrow();
        assertThat(stats.queuedFrames()).isLessThanOrEqualTo(FAST.maxQueuedFrames());
        two.send(N1, new byte[1]); // after close: dropped, no exception
        assertThat(two.framesDroppedNoRoute()).isGreaterThanOrEqualTo(1);
        two.close(); // idempotent
    }

    @Test
    void closingFromTheInboundHandlerDoesNotDeadlock() {
        AtomicReference<InternodeTransport> twoRef = new AtomicReference<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        InternodeTransport one = started(N1, new Recorder());
        InternodeTransport two = started(N2, 0, (from, payload) -> {
            try {
                twoRef.get().close();
            } catch (Throwable t) {
                failures.add(t);
            }
        }, FAST);
        twoRef.set(two);
        one.setPeers(Map.of(N2, address(two)));
        one.send(N2, new byte[1]);

        Eventually.await(WAIT, () -> !one.peerStats(N2).orElseThrow().outboundConnected()
                && one.peerStats(N2).orElseThrow().framesSent() == 1, () -> "n2 closes itself");
        assertThat(failures).isEmpty();
        two.send(N1, new byte[1]);
        assertThat(two.framesDroppedNoRoute()).isEqualTo(1);
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
