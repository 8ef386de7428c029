package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Timestamp;
import chorus.core.topology.NodeId;

/**
 * A message as it travels: who sent it, and the sender's hybrid logical clock when it did, which
 * the receiver observes before handling the message (D4).
 */
public record Envelope(NodeId from, Timestamp clock, Message message) {
    public Envelope {
        requireNonNull(from, "from is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(message, "message is null");
    }
}
