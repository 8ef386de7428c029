package chorus.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/** A peer's internode address as configured: {@code host:port}, or {@code [v6addr]:port}. */
record HostPort(String host, int port) {
    HostPort {
        requireNonNull(host, "host is null");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is invalid (expected: 1..65535)");
        }
    }

    static HostPort parse(String text) {
        requireNonNull(text, "text is null");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("address '" + text + "' is invalid (expected: host:port)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("address '" + text + "' is invalid (expected: host:port)", e);
        }
    }

    /**
     * Unresolved on purpose: Netty resolves it at every connect attempt, so a peer whose name
     * moves to a new address is found again after a reconnect.
     */
    InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
