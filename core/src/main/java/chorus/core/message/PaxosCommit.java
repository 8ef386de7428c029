package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;

/** Paxos (D6): the proposal of {@code ballot} was chosen: apply {@code update} as data. Reply: {@link MutationAck}. */
public record PaxosCommit(long requestId, RowKey key, Timestamp ballot, Timestamp origin, Row update) implements Message {
    public PaxosCommit {
        requireNonNull(key, "key is null");
        requireNonNull(ballot, "ballot is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(update, "update is null");
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_COMMIT;
    }
}
