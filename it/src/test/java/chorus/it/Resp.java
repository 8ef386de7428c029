package chorus.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately small RESP2 client over a plain socket, so that tests see exactly what a node
 * answers (error text included) and can send bytes no real client would. Replies are plain Java
 * values: a simple string is a {@link String}, an error an {@link Err}, an integer a {@link Long},
 * a bulk string a {@link String} (UTF-8) or null, an array a {@link List}. Not thread-safe.
 */
final class Resp implements Closeable {
    /** An error reply: the whole line after the leading '-'. */
    record Err(String message) {
        /** The leading upper-case word, such as ERR or UNAVAILABLE. */
        String code() {
            int space = message.indexOf(' ');
            return space < 0 ? message : message.substring(0, space);
        }

        @Override
        public String toString() {
            return "-" + message;
        }
    }

    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Resp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static Resp connect(int port) throws IOException {
        return connect(port, DEFAULT_READ_TIMEOUT);
    }

    static Resp connect(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new Resp(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and reads its reply. */
    Object call(String... args) throws IOException {
        send(args);
        return read();
    }

    /** Sends one command as a RESP array of bulk strings, without reading the reply. */
    void send(String... args) throws IOException {
        out.write(encode(args));
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendRaw(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] encode(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] value = arg.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(("$" + value.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            bytes.writeBytes(value);
            bytes.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** Reads one reply; throws {@link EOFException} if the node closed the connection. */
    Object read() throws IOException {
        String line = readLine();
        if (line.isEmpty()) {
            throw new IOException("empty reply line");
        }
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+':
                return rest;
            case '-':
                return new Err(rest);
            case ':':
                return Long.parseLong(rest);
            case '$': {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] value = in.readNBytes(length + 2);
                if (value.length < length + 2) {
                    throw new EOFException("connection closed inside a bulk string");
                }
                return new String(value, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(rest);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply line: " + line);
        }
    }

    /** True once the node has closed the connection (reads end of stream within the read timeout). */
    boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            // A reset also means the node dropped the connection.
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the node");
            }
            if (b == '\r') {
                int next = in.read();
                if (next == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
                if (next < 0) {
                    throw new EOFException("connection closed by the node");
                }
                line.write(next);
                continue;
            }
            line.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
