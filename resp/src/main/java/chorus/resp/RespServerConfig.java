package chorus.resp;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a {@link RespServer} listens and what it tells clients about itself.
 *
 * @param host address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port TCP port; 0 picks a free one (see {@link RespServer#port()})
 * @param limits request size and pipelining limits per connection
 * @param maxConnections open connections allowed; one more is answered
 *     {@code -ERR max number of clients reached} and closed
 * @param password when present, clients must AUTH (or HELLO ... AUTH) before other commands
 * @param mode reported by HELLO; cluster-aware clients look at it
 * @param ioThreads event loop threads; 0 lets Netty choose (twice the cores)
 */
public record RespServerConfig(
        String host,
        int port,
        RespLimits limits,
        int maxConnections,
        Optional<String> password,
        Mode mode,
        int ioThreads) {

    /** What HELLO reports as {@code mode}. */
    public enum Mode {
        STANDALONE("standalone"),
        CLUSTER("cluster");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public RespServerConfig {
        requireNonNull(host, "host is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port=" + port + " is invalid (expected: 0..65535)");
        }
        requireNonNull(limits, "limits is null");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections=" + maxConnections + " is invalid (expected: >= 1)");
        }
        requireNonNull(password, "password is null");
        requireNonNull(mode, "mode is null");
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads=" + ioThreads + " is invalid (expected: >= 0)");
        }
    }

    /** {@code host:port}, default limits, 10,000 connections, no password, standalone. */
    public static RespServerConfig of(String host, int port) {
        return new RespServerConfig(host, port, RespLimits.defaults(), 10_000, Optional.empty(), Mode.STANDALONE, 0);
    }

    public RespServerConfig withLimits(RespLimits value) {
        return new RespServerConfig(host, port, value, maxConnections, password, mode, ioThreads);
    }

    public RespServerConfig withMaxConnections(int value) {
        return new RespServerConfig(host, port, limits, value, password, mode, ioThreads);
    }

    public RespServerConfig withPassword(String value) {
        return new RespServerConfig(host, port, limits, maxConnections, Optional.of(value), mode, ioThreads);
    }

    public RespServerConfig withMode(Mode value) {
        return new RespServerConfig(host, port, limits, maxConnections, password, value, ioThreads);
    }

    public RespServerConfig withIoThreads(int value) {
        return new RespServerConfig(host, port, limits, maxConnections, password, mode, value);
    }

    @Override
    public String toString() {
        return "RespServerConfig[host=" + host + ", port=" + port + ", limits=" + limits + ", maxConnections="
                + maxConnections + ", password=" + (password.isPresent() ? "<set>" : "<none>") + ", mode=" + mode
                + ", ioThreads=" + ioThreads + "]";
    }
}
