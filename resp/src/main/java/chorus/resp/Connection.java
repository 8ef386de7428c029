package chorus.resp;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One client connection and its state: id, name, protocol version, library, selected database,
 * authentication, and attributes that data backends keep on it.
 *
 * <p>Threading: the module and the {@link CommandHandler} change the state only on the
 * connection's event loop, while a command is being handled, so changes happen in request order.
 * Every getter may be called from any thread (fields are volatile, attributes a concurrent map), but
 * a value read from another thread may be a command or two behind. {@link #push} and
 * {@link #close} may be called from any thread.
 */
public final class Connection {
    private final long id;
    private final Channel channel;
    private final Consumer<Reply> pushes;
    private final long createdNanos = System.nanoTime();
    private final ConcurrentHashMap<ConnectionAttribute<?>, Object> attributes = new ConcurrentHashMap<>();
    private volatile String name = "";
    private volatile int protocol = 2;
    private volatile String libraryName = "";
    private volatile String libraryVersion = "";
    private volatile int database;
    private volatile boolean authenticated;
    private volatile String lastCommand = "NULL";
    private volatile long lastActiveNanos = createdNanos;

    Connection(long id, Channel channel, boolean authenticated, Consumer<Reply> pushes) {
        this.id = id;
        this.channel = requireNonNull(channel, "channel is null");
        this.authenticated = authenticated;
        this.pushes = requireNonNull(pushes, "pushes is null");
    }

    /** Unique within the server, increasing in connection order (CLIENT ID, HELLO's {@code id}). */
    public long id() {
        return id;
    }

    /** The name set with CLIENT SETNAME or HELLO SETNAME; empty when none. */
    public String name() {
        return name;
    }

    /** 2 or 3: the RESP version replies are rendered in (HELLO switches it). */
    public int protocol() {
        return protocol;
    }

    /** CLIENT SETINFO LIB-NAME; empty when not set. */
    public String libraryName() {
        return libraryName;
    }

    /** CLIENT SETINFO LIB-VER; empty when not set. */
    public String libraryVersion() {
        return libraryVersion;
    }

    /** The SELECTed database; always 0 today. */
    public int database() {
        return database;
    }

    /** False only while the server requires a password the client has not given. */
    public boolean isAuthenticated() {
        return authenticated;
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    /** The backend's value for {@code attribute}, or its default when unset. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConnectionAttribute<T> attribute) {
        Object value = attributes.get(attribute);
        return value != null ? (T) value : attribute.defaultValue();
    }

    /** Sets a backend value; null removes it. Call on the event loop (see the class comment). */
    public <T> void set(ConnectionAttribute<T> attribute, T value) {
        if (value == null) {
            attributes.remove(attribute);
        } else {
            attributes.put(attribute, value);
        }
    }

    /**
     * Sends an out-of-band message (a RESP3 push, such as a pub/sub delivery; RESP2 clients get it
     * as an array). It is written after every reply already due before it, so a SUBSCRIBE
     * confirmation given as a reply precedes the messages pushed after it. It does not count as a
     * reply. Dropped if the connection has closed. Any thread.
     */
    public void push(Reply reply) {
        pushes.accept(requireNonNull(reply, "reply is null"));
    }

    /** Closes the connection without waiting for pending replies (as CLIENT KILL does). Any thread. */
    public void close() {
        channel.close();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    Channel channel() {
        return channel;
    }

    long ageSeconds(long nowNanos) {
        return (nowNanos - createdNanos) / 1_000_000_000L;
    }

    long idleSeconds(long nowNanos) {
        return (nowNanos - lastActiveNanos) / 1_000_000_000L;
    }

    String lastCommand() {
        return lastCommand;
    }

    void recordCommand(String fullName, long nowNanos) {
        lastCommand = fullName;
        lastActiveNanos = nowNanos;
    }

    void setName(String name) {
        this.name = requireNonNull(name, "name is null");
    }

    void setProtocol(int protocol) {
        this.protocol = protocol;
    }

    void setLibraryName(String libraryName) {
        this.libraryName = libraryName;
    }

    void setLibraryVersion(String libraryVersion) {
        this.libraryVersion = libraryVersion;
    }

    void setDatabase(int database) {
        this.database = database;
    }

    void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    void clearAttributes() {
        attributes.clear();
    }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", addr=" + remoteAddress() + "]";
    }
}
