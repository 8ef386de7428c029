package chorus.transport;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Raw-socket helpers for tests that play a misbehaving peer. */
final class Sockets {
    private Sockets() {}

    /** A port that was free a moment ago, for a peer that is not up yet. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeFrame(DataOutputStream out, byte version, byte[] payload) throws IOException {
        out.writeInt(1 + payload.length);
        out.writeByte(version);
        out.write(payload);
        out.flush();
    }

    /** True when the other end closes the socket within {@code timeout}. */
    static boolean closedByPeer(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // Connection reset: closed too, and less politely.
        }
    }
}
