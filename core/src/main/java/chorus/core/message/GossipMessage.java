package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.membership.EndpointState;
import java.util.List;

/**
 * Everything the sender knows about the cluster's liveness: one state per node it has heard of,
 * including itself with a fresh heartbeat. No reply; the receiver keeps the newer state per node.
 */
public record GossipMessage(List<EndpointState> states) implements Message {
    public GossipMessage {
        states = List.copyOf(requireNonNull(states, "states is null"));
    }

    @Override
    public Verb verb() {
        return Verb.GOSSIP;
    }
}
