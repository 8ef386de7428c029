package chorus.core.port;

import chorus.core.message.Envelope;
import chorus.core.topology.NodeId;

/**
 * Sends a message to a peer, fire-and-forget. Messages may be lost, delayed, duplicated or
 * reordered; nothing reports a failure. Every protocol that sends therefore has a timeout, and
 * every handler tolerates duplicates and late replies.
 */
public interface MessageSink {
    void send(NodeId to, Envelope envelope);
}
