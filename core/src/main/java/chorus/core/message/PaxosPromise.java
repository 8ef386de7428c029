package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Row;
import chorus.core.model.Timestamp;

/** Paxos (D6): Whether the sender promised; its promise, in-progress proposal, last commit, and its data row for the key. */
public record PaxosPromise(long requestId, boolean promised, Timestamp promisedBallot, Timestamp acceptedBallot,
                           Timestamp acceptedOrigin, Row acceptedUpdate, Timestamp committedBallot,
                           Timestamp committedOrigin, Row data) implements Message {
    public PaxosPromise {
        requireNonNull(promisedBallot, "promisedBallot is null");
        requireNonNull(acceptedBallot, "acceptedBallot is null");
        requireNonNull(acceptedOrigin, "acceptedOrigin is null");
        requireNonNull(acceptedUpdate, "acceptedUpdate is null");
        requireNonNull(committedOrigin, "committedOrigin is null");
        requireNonNull(committedBallot, "committedBallot is null");
        requireNonNull(data, "data is null");
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_PROMISE;
    }
}
