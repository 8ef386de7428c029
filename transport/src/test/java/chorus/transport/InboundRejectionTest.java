package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.topology.NodeId;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A misbehaving dialer, played by a raw socket, is cut off and the transport carries on. */
@Timeout(60)
class InboundRejectionTest {
    private static final String HOST = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final NodeId N1 = NodeId.of(1);
    private static final NodeId N2 = NodeId.of(2);
    private static final int MAX_FRAME_BYTES = 1 << 20;

    private final Recorder atTwo = new Recorder();
    private InternodeTransport two;

    @BeforeEach
    void startTwo() {
        TransportLimits limits = TransportLimits.defaults().withMaxFrameBytes(MAX_FRAME_BYTES)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(10));
        two = new InternodeTransport(N2, HOST, 0, atTwo, limits);
        two.start();
    }

    @AfterEach
    void closeTwo() {
        two.close();
    }

    private Socket dial() throws Exception {
        return new Socket(HOST, two.listenAddress().getPort());
    }

    @Test
    void oversizedFrameClosesTheConnectionWithoutBufferingIt() throws Exception {
        try (Socket socket = dial()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            Sockets.writeFrame(out, Frames.VERSION, new Handshake(N1, N2).encode());
            Sockets.writeFrame(out, Frames.VERSION, Recorder.numbered(1, 4));
            out.writeInt(Integer.MAX_VALUE);   // announces a 2 GiB frame: must not be allocated
            out.writeByte(Frames.VERSION);
            out.write(new byte[4096]);
            out.flush();
            assertThat(Sockets.closedByPeer(socket, WAIT)).isTrue();
        }
        assertThat(atTwo.numbersFrom(N1)).containsExactly(1);
        assertStillServesRealPeers();
    }

    @Test
    void wrongMagicIsRejected() throws Exception {
        byte[] handshake = new Handshake(N1, N2).encode();
        ByteBuffer.wrap(handshake).putInt(0xCAFEBABE);
        assertRejected(handshake);
    }

    @Test
    void wrongProtocolVersionIsRejected() throws Exception {
        byte[] handshake = new Handshake(N1, N2).encode();
        handshake[4] = (byte) (Handshake.PROTOCOL_VERSION + 1);
        assertRejected(handshake);
    }

    @Test
    void handshakeMeantForAnotherNodeIsRejected() throws Exception {
        assertRejected(new Handshake(N1, NodeId.of(3)).encode());
    }

    @Test
    void wrongFrameVersionIsRejected() throws Exception {
        try (Socket socket = dial()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            Sockets.writeFrame(out, (byte) (Frames.VERSION + 1), new Handshake(N1, N2).encode());
            assertThat(Sockets.closedByPeer(socket, WAIT)).isTrue();
        }
        assertStillServesRealPeers();
    }

    @Test
    void silentConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (Socket socket = dial()) {
            assertThat(Sockets.closedByPeer(socket, WAIT)).isTrue();
        }
    }

    /** Sends a bad handshake, then a frame; the connection must close and the frame never arrive. */
    private void assertRejected(byte[] handshake) throws Exception {
        try (Socket socket = dial()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            Sockets.writeFrame(out, Frames.VERSION, handshake);
            Sockets.writeFrame(out, Frames.VERSION, Recorder.numbered(1, 4));
            assertThat(Sockets.closedByPeer(socket, WAIT)).isTrue();
        }
        assertThat(atTwo.count()).isZero();
        assertThat(two.peerStats()).isEmpty();
        assertStillServesRealPeers();
    }

    private void assertStillServesRealPeers() {
        try (InternodeTransport one = new InternodeTransport(N1, HOST, 0, new Recorder(), TransportLimits.defaults())) {
            one.start();
            one.setPeers(Map.of(N2, HOST + ":" + two.listenAddress().getPort()));
            one.send(N2, Recorder.numbered(99, 4));
            Eventually.await(WAIT, () -> atTwo.numbersFrom(N1).contains(99), () -> "a real peer's frame");
        }
    }
}
