package chorus.core.message;

/**
 * "I am alive." Sent periodically to every peer; no reply. The envelope's clock reading also keeps
 * the peers' hybrid logical clocks close together.
 *
 * @param generation the sender's start time, so peers can tell a restart from a long pause
 */
public record Heartbeat(long generation) implements Message {
    @Override
    public Verb verb() {
        return Verb.HEARTBEAT;
    }
}
