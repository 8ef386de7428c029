package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;

/** Paxos (D6): promise to ignore ballots below {@code ballot}, and send the accepted proposal and the data. Reply: {@link PaxosPromise}. */
public record PaxosPrepare(long requestId, RowKey key, Timestamp ballot) implements Message {
    public PaxosPrepare {
        requireNonNull(key, "key is null");
        requireNonNull(ballot, "ballot is null");
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_PREPARE;
    }
}
