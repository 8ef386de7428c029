package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Timestamp;

/** Paxos (D6): Whether the proposal was accepted; if not, the higher ballot that was promised. */
public record PaxosAccepted(long requestId, boolean accepted, Timestamp promised) implements Message {
    public PaxosAccepted {
        requireNonNull(promised, "promised is null");
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_ACCEPTED;
    }
}
