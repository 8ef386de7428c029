package chorus.server.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nodes a tool talks to: {@code --hosts a:p,b:q} as given, or every member's client address
 * as the one {@code --host} lists them in CHORUS STATUS. A mistake is an
 * {@link IllegalArgumentException} with a one-line message.
 */
final class HostList {
    private HostList() {
    }

    /** A RESP address. */
    record Address(String host, int port) {
        static Address parse(String text) {
            int colon = text.lastIndexOf(':');
            try {
                if (colon > 0) {
                    int port = Integer.parseInt(text.substring(colon + 1));
                    if (port >= 1 && port <= 65535) {
                        return new Address(text.substring(0, colon), port);
                    }
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new IllegalArgumentException(text + " is not a HOST:PORT address (such as 127.0.0.1:7001)");
        }

        RespClient connect(int timeoutMillis) throws IOException {
            return RespClient.connect(host, port, timeoutMillis);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** {@code hosts} split at commas. */
    static List<Address> parse(String hosts) {
        List<Address> addresses = new ArrayList<>();
        for (String item : hosts.split(",")) {
            if (!item.isBlank()) {
                addresses.add(Address.parse(item.trim()));
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("--hosts is empty (expected: HOST:PORT,HOST:PORT,...)");
        }
        return addresses;
    }

    /** Every member's client address, as {@code via} reports them in CHORUS STATUS, in member order. */
    static List<Address> members(Address via) throws IOException {
        try (RespClient client = via.connect(5000)) {
            Object reply = client.call("CHORUS", "STATUS");
            if (!(reply instanceof List<?> rows)) {
                throw new IOException(via + " answered CHORUS STATUS with " + Replies.describe(reply));
            }
            List<Address> members = new ArrayList<>();
            for (Object row : rows) {
                Map<String, String> fields = Replies.fields(row);
                members.add(Address.parse(fields.getOrDefault("client", "?")));
            }
            return members;
        }
    }
}
