package chorus.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** One RESP server to load: a host and a port, written {@code host:port}. */
record Endpoint(String host, int port) {
    Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is invalid (expected: 1..65535)");
        }
    }

    /** Parses a comma-separated list such as {@code 127.0.0.1:7001,127.0.0.1:7002}. */
    static List<Endpoint> parseList(String text) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String part : text.split(",")) {
            String item = part.trim();
            int colon = item.lastIndexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                throw new IllegalArgumentException("'" + item + "' is not an endpoint (expected: HOST:PORT)");
            }
            int port;
            try {
                port = Integer.parseInt(item.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + item + "' has no numeric port (expected: HOST:PORT)");
            }
            endpoints.add(new Endpoint(item.substring(0, colon), port));
        }
        return List.copyOf(endpoints);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
