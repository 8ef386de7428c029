package chorus.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A RESP server for tests that answers every request with what {@code responder} returns for its
 * words (raw reply bytes, e.g. {@code "+OK\r\n"}). One thread per connection; closes everything on close.
 */
final class FakeRespServer implements AutoCloseable {
    private final ServerSocket server;
    private final Function<List<String>, String> responder;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();

    FakeRespServer(Function<List<String>, String> responder) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.responder = responder;
        Thread acceptor = new Thread(this::accept, "fake-resp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String hosts() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    long requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread serving = new Thread(() -> serve(socket), "fake-resp-conn");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                List<String> words = readCommand(in);
                if (words == null) {
                    return;
                }
                requests.incrementAndGet();
                out.write(responder.apply(words).getBytes(StandardCharsets.UTF_8));
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static List<String> readCommand(InputStream in) throws IOException {
        String header = readLine(in);
        if (header == null) {
            return null;
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = Integer.parseInt(readLine(in).substring(1));
            byte[] word = in.readNBytes(length + 2);
            words.add(new String(word, 0, length, StandardCharsets.UTF_8));
        }
        return words;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
