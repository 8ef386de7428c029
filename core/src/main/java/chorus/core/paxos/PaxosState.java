package chorus.core.paxos;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Row;
import chorus.core.model.Timestamp;

/**
 * An acceptor's durable Paxos state for one key (D6): the highest ballot it promised, the last
 * proposal it accepted, and the ballot of the last proposal it saw committed. A proposal accepted
 * after the last commit is "in progress": the next proposer must finish it before its own.
 */
public record PaxosState(Timestamp promised, Timestamp acceptedBallot, Row acceptedUpdate, Timestamp committedBallot) {
    public static final PaxosState EMPTY = new PaxosState(Timestamp.MIN, Timestamp.MIN, Row.EMPTY, Timestamp.MIN);

    public PaxosState {
        requireNonNull(promised, "promised is null");
        requireNonNull(acceptedBallot, "acceptedBallot is null");
        requireNonNull(acceptedUpdate, "acceptedUpdate is null");
        requireNonNull(committedBallot, "committedBallot is null");
    }

    public PaxosState withPromised(Timestamp ballot) {
        return new PaxosState(ballot, acceptedBallot, acceptedUpdate, committedBallot);
    }

    public PaxosState withAccepted(Timestamp ballot, Row update) {
        return new PaxosState(Timestamp.max(promised, ballot), ballot, update, committedBallot);
    }

    public PaxosState withCommitted(Timestamp ballot) {
        return new PaxosState(promised, acceptedBallot, acceptedUpdate, Timestamp.max(committedBallot, ballot));
    }
}
