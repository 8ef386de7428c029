package chorus.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open connections of one server: hands out connection ids, enforces the connection limit and
 * serves CLIENT LIST and CLIENT KILL. Thread-safe: connections on every event loop share it.
 */
public final class ConnectionRegistry {
    private final int maxConnections;
    private final AtomicLong lastId = new AtomicLong();
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentSkipListMap<Long, Connection> byId = new ConcurrentSkipListMap<>();

    public ConnectionRegistry(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections=" + maxConnections + " is invalid (expected: >= 1)");
        }
        this.maxConnections = maxConnections;
    }

    /** Open connections now. */
    public int count() {
        return count.get();
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** A snapshot of the open connections, in id order. */
    public List<Connection> connections() {
        return new ArrayList<>(byId.values());
    }

    public Connection find(long id) {
        return byId.get(id);
    }

    long nextId() {
        return lastId.incrementAndGet();
    }

    /** Adds {@code connection} unless the limit is reached; false means the caller must refuse it. */
    boolean tryAdd(Connection connection) {
        while (true) {
            int current = count.get();
            if (current >= maxConnections) {
                return false;
            }
            if (count.compareAndSet(current, current + 1)) {
                byId.put(connection.id(), connection);
                return true;
            }
        }
    }

    void remove(Connection connection) {
        if (byId.remove(connection.id()) != null) {
            count.decrementAndGet();
        }
    }
}
