package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;

/** Paxos (D6): accept {@code update} under {@code ballot} unless a higher ballot was promised. Reply: {@link PaxosAccepted}. */
public record PaxosPropose(long requestId, RowKey key, Timestamp ballot, Timestamp origin, Row update) implements Message {
    public PaxosPropose {
        requireNonNull(key, "key is null");
        requireNonNull(ballot, "ballot is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(update, "update is null");
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_PROPOSE;
    }
}
