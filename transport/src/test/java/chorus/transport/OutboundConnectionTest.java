package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chorus.core.topology.NodeId;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dialling side against a raw server socket that plays the peer. */
@Timeout(60)
class OutboundConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final NodeId N1 = NodeId.of(1);
    private static final NodeId N2 = NodeId.of(2);

    @Test
    void dialsFromItsOwnListenAddressAndStartsWithTheHandshake() throws Exception {
        assumeTrue(bindable("127.0.0.2"), "127.0.0.2 is not a local address on this machine");
        try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
             InternodeTransport one = new InternodeTransport(N1, "127.0.0.2", 0, new Recorder(),
                     TransportLimits.defaults())) {
            one.start();
            one.setPeers(Map.of(N2, "127.0.0.1:" + peer.getLocalPort()));
            one.send(N2, Recorder.numbered(7, 4));
            peer.setSoTimeout((int) WAIT.toMillis());
            try (Socket accepted = peer.accept()) {
                // D9: the link is identified by both addresses, so iptables can cut exactly it.
                assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo("127.0.0.2");
                DataInputStream in = new DataInputStream(accepted.getInputStream());
                assertThat(readFrame(in)).isEqualTo(new Handshake(N1, N2).encode());
                assertThat(readFrame(in)).isEqualTo(Recorder.numbered(7, 4));
            }
        }
    }

    @Test
    void stalledConnectionIsClosedAndRedialled() throws Exception {
        TransportLimits limits = TransportLimits.defaults().withMaxQueued(100, 64L << 20)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(500));
        try (ServerSocket peer = new ServerSocket()) {
            peer.setReceiveBufferSize(4096); // a peer that reads nothing fills up quickly
            peer.bind(new InetSocketAddress("127.0.0.1", 0), 10);
            peer.setSoTimeout((int) WAIT.toMillis());
            try (InternodeTransport one = new InternodeTransport(N1, "127.0.0.1", 0, new Recorder(), limits)) {
                one.start();
                one.setPeers(Map.of(N2, "127.0.0.1:" + peer.getLocalPort()));
                List<Socket> accepted = new ArrayList<>();
                accepted.add(peer.accept());   // never read from
                byte[] large = new byte[256 << 10];
                for (int i = 0; i < 200; i++) {
                    one.send(N2, large);
                }
                accepted.add(peer.accept());   // the redial after the stall
                assertThat(one.peerStats(N2).orElseThrow().framesDropped()).isPositive();
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        assertThat(in.readByte()).isEqualTo(Frames.VERSION);
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return payload;
    }

    private static boolean bindable(String host) {
        try {
            new ServerSocket(0, 1, InetAddress.getByName(host)).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
