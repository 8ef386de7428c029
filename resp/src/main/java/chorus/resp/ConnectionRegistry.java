package chorus.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open connections of one server: hands out connection ids, counts connections against the
 * limit, and serves CLIENT LIST and CLIENT KILL. A backend may hold it too, for INFO's
 * {@code connected_clients}: create it first and pass it to {@link RespServer#start}.
 *
 * <p>Thread-safe: connections on every event loop share it.
 */
public final class ConnectionRegistry {
    private final AtomicLong lastId = new AtomicLong();
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentSkipListMap<Long, Connection> byId = new ConcurrentSkipListMap<>();

    /** Open connections now. */
    public int count() {
        return count.get();
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

    /** Adds {@code connection} unless {@code maxConnections} are open; false means the caller must refuse it. */
    boolean tryAdd(Connection connection, int maxConnections) {
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
