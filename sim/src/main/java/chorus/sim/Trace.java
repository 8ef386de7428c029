package chorus.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * What happened in a run, in two forms: a digest of every event (two runs of one seed must give
 * the same digest), and, when a key is being traced, the last lines about that key, for a
 * readable account of a failure. Lines carry simulated time only, never wall time.
 */
public final class Trace {
    private final Simulation simulation;
    private final String tracedKey;
    private final int linesMax;
    private final Deque<String> lines = new ArrayDeque<>();
    private long digest = 0xcbf29ce484222325L;

    Trace(Simulation simulation, String tracedKey, int linesMax) {
        this.simulation = simulation;
        this.tracedKey = tracedKey;
        this.linesMax = linesMax;
    }

    void mix(long value) {
        digest ^= value;
        digest *= 0x100000001b3L;
    }

    void mix(byte[] bytes) {
        for (byte b : bytes) {
            digest ^= b & 0xff;
            digest *= 0x100000001b3L;
        }
        mix(bytes.length);
    }

    long digest() {
        return digest;
    }

    boolean traces(String key) {
        return tracedKey != null && (key == null || tracedKey.equals("*") || tracedKey.equals(key));
    }

    /** Records a line about {@code key} (null: about the whole cluster, such as a fault). */
    void line(String key, Supplier<String> text) {
        if (!traces(key)) {
            return;
        }
        lines.addLast(String.format("%10.6fs %s", simulation.nowNanos() / 1e9, text.get()));
        if (lines.size() > linesMax) {
            lines.removeFirst();
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
