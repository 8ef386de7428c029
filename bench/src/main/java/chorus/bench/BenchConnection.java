package chorus.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;

/**
 * One client connection in a closed loop: it sends a batch of {@code pipeline} requests in one
 * write, waits for all their replies, then sends the next batch (what {@code redis-benchmark -P}
 * does). Each reply's latency runs from the write of its batch to the read that completed it.
 * Owned by one {@link Worker} thread; nothing here is thread-safe.
 */
final class BenchConnection {
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int READ_BUFFER_BYTES_MAX = 512 * 1024 * 1024;

    private final int id;
    private final Endpoint endpoint;
    private final SocketChannel channel;
    private final BenchPlan plan;
    private final CommandEncoder encoder;
    private final KeyChooser keys;
    private final RunControl control;
    private final SplittableRandom random;
    private final Worker.Stats stats;
    private final ReplyParser parser = new ReplyParser();
    private final ByteBuffer out;
    private ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final Operation[] batch;
    private SelectionKey key;
    private int batchSize;
    private int replied;
    private long sentNanos;
    private PhaseStats batchStats;
    private boolean idle;
    private boolean closed;

    BenchConnection(int id, Endpoint endpoint, SocketChannel channel, BenchPlan plan, CommandEncoder encoder,
                    KeyChooser keys, RunControl control, SplittableRandom random, Worker.Stats stats) {
        this.id = id;
        this.endpoint = endpoint;
        this.channel = channel;
        this.plan = plan;
        this.encoder = encoder;
        this.keys = keys;
        this.control = control;
        this.random = random;
        this.stats = stats;
        this.out = ByteBuffer.allocateDirect(encoder.requestBytesMax() * plan.pipeline());
        this.batch = new Operation[plan.pipeline()];
    }

    void register(Selector selector) throws IOException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
    }

    /** True once this connection will send nothing more: the run is over for it, or it broke. */
    boolean finished() {
        return idle || closed;
    }

    /** Sends the next batch, or goes idle if the run allows no more requests. */
    void sendBatch() {
        RunControl.Phase phase = control.phase();
        int size = control.claim(plan.pipeline(), phase);
        if (size == 0) {
            idle = true;
            return;
        }
        out.clear();
        for (int i = 0; i < size; i++) {
            Operation operation = plan.mix().next(random);
            batch[i] = operation;
            encoder.write(out, operation, keys.next(random), random);
        }
        out.flip();
        batchSize = size;
        replied = 0;
        batchStats = stats.of(phase);
        sentNanos = System.nanoTime();
        flush();
    }

    /** Called by the worker when the selector reports this connection ready. */
    void onReady() {
        if (closed) {
            return;
        }
        if (key.isValid() && key.isWritable()) {
            flush();
        }
        if (!closed && key.isValid() && key.isReadable()) {
            read();
        }
    }

    private void flush() {
        try {
            channel.write(out);
            // A batch larger than the socket buffer goes out in pieces, when the socket is writable again.
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) {
            lose("CONNECTION_LOST", "write failed: " + e.getMessage());
        }
    }

    private void read() {
        int count;
        try {
            count = channel.read(in);
        } catch (IOException e) {
            lose("CONNECTION_LOST", "read failed: " + e.getMessage());
            return;
        }
        if (count < 0) {
            lose("CONNECTION_LOST", "the server closed the connection");
            return;
        }
        if (count == 0) {
            return;
        }
        long now = System.nanoTime();
        in.flip();
        try {
            while (replied < batchSize && parser.parse(in)) {
                batchStats.onReply(batch[replied], parser.outcome(), parser.errorKind(), now - sentNanos, now);
                replied++;
            }
        } catch (ReplyParser.ProtocolException e) {
            lose("PROTOCOL_ERROR", "unreadable reply: " + e.getMessage());
            return;
        }
        if (replied == batchSize && in.hasRemaining()) {
            lose("PROTOCOL_ERROR", "the server sent " + in.remaining() + " bytes more than the replies to "
                    + batchSize + " requests");
            return;
        }
        in.compact();
        if (!in.hasRemaining() && !growReadBuffer()) {
            return;
        }
        if (replied == batchSize) {
            sendBatch();
        }
    }

    /** A reply bigger than the read buffer: double it, up to a limit. */
    private boolean growReadBuffer() {
        if (in.capacity() >= READ_BUFFER_BYTES_MAX) {
            lose("PROTOCOL_ERROR", "a reply is larger than " + READ_BUFFER_BYTES_MAX + " bytes");
            return false;
        }
        ByteBuffer bigger = ByteBuffer.allocateDirect(Math.min(READ_BUFFER_BYTES_MAX, in.capacity() * 2));
        in.flip();
        bigger.put(in);
        in = bigger;
        return true;
    }

    /** Gives up on the requests still in flight (counted as errors of {@code kind}) and closes. */
    void lose(String kind, String reason) {
        if (closed) {
            return;
        }
        long inFlight = idle ? 0 : batchSize - replied;
        if (batchStats != null) {
            batchStats.onLost(kind, inFlight);
        }
        // After an abort the orchestrator has already said why; one line per connection would only repeat it.
        if (!control.aborted()) {
            System.err.println("bench: connection " + id + " to " + endpoint + ": " + reason
                    + (inFlight > 0 ? " (" + inFlight + " requests without a reply, counted as " + kind + ")" : ""));
        }
        close();
    }

    void close() {
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is best effort; the run's results do not depend on it.
        }
    }
}
