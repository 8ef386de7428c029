package chorus.core.node;

/**
 * Known-wrong behaviours that a test can switch on to prove that the simulation's checkers catch
 * them. A checker that never fails tests nothing. Production configuration never sets these.
 */
public enum DeliberateBug {
    /** The write coordinator answers success after the first acknowledgement, whatever the level. */
    ACKNOWLEDGE_AFTER_ONE,
    /** The read coordinator answers without repairing stale replicas (no blocking read repair). */
    SKIP_READ_REPAIR,
    /** Paxos acceptors accept any proposal, even one below a ballot they promised to respect. */
    ACCEPTOR_IGNORES_PROMISES,
    /** Anti-entropy repair compares Merkle trees and fetches differing rows but streams nothing back. */
    REPAIR_SKIPS_STREAMING
}
