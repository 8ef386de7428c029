package chorus.core.paxos;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Row;
import chorus.core.model.Timestamp;

/**
 * An acceptor's durable Paxos state for one key (D6): the highest ballot it promised, the last
 * proposal it accepted, and the last proposal it saw committed. A proposal accepted after the last
 * commit is "in progress": the next proposer must finish it before its own.
 *
 * <p>Each proposal also carries its <em>origin</em>: the ballot under which its operation first
 * proposed it. A proposer that finishes someone else's proposal keeps its origin, so the operation
 * that started it can still recognise it, in progress or committed, and report it applied.
 */
public record PaxosState(Timestamp promised, Timestamp acceptedBallot, Timestamp acceptedOrigin, Row acceptedUpdate,
                         Timestamp committedBallot, Timestamp committedOrigin) {
    public static final PaxosState EMPTY = new PaxosState(Timestamp.MIN, Timestamp.MIN, Timestamp.MIN, Row.EMPTY,
            Timestamp.MIN, Timestamp.MIN);

    public PaxosState {
        requireNonNull(promised, "promised is null");
        requireNonNull(acceptedBallot, "acceptedBallot is null");
        requireNonNull(acceptedOrigin, "acceptedOrigin is null");
        requireNonNull(acceptedUpdate, "acceptedUpdate is null");
        requireNonNull(committedBallot, "committedBallot is null");
        requireNonNull(committedOrigin, "committedOrigin is null");
    }

    public PaxosState withPromised(Timestamp ballot) {
        return new PaxosState(ballot, acceptedBallot, acceptedOrigin, acceptedUpdate, committedBallot, committedOrigin);
    }

    public PaxosState withAccepted(Timestamp ballot, Timestamp origin, Row update) {
        return new PaxosState(Timestamp.max(promised, ballot), ballot, origin, update, committedBallot, committedOrigin);
    }

    /** Records a commit, unless a later one was recorded already (commits may arrive out of order). */
    public PaxosState withCommitted(Timestamp ballot, Timestamp origin) {
        if (!ballot.isAfter(committedBallot)) {
            return this;
        }
        return new PaxosState(promised, acceptedBallot, acceptedOrigin, acceptedUpdate, ballot, origin);
    }
}
