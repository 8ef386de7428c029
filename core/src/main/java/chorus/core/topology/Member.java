package chorus.core.topology;

import static java.util.Objects.requireNonNull;

/**
 * A node as the cluster knows it: identity, the address peers dial for internode traffic, the
 * address clients use for RESP, and its rack. Addresses are plain {@code host:port} text so that
 * the core stays free of {@code java.net}.
 */
public record Member(NodeId id, String internodeAddress, String clientAddress, String rack) {
    public static final String DEFAULT_RACK = "rack1";

    public Member {
        requireNonNull(id, "id is null");
        requireNonNull(internodeAddress, "internodeAddress is null");
        requireNonNull(clientAddress, "clientAddress is null");
        requireNonNull(rack, "rack is null");
    }
}
