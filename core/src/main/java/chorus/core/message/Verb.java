package chorus.core.message;

/**
 * The kind of a message. Its code is its wire identity: never reuse or renumber one (code 1 was the
 * retired HEARTBEAT, replaced by GOSSIP).
 */
public enum Verb {
    MUTATION_REQUEST(2),
    MUTATION_ACK(3),
    READ_REQUEST(4),
    READ_RESPONSE(5),
    PAXOS_PREPARE(6),
    PAXOS_PROMISE(7),
    PAXOS_PROPOSE(8),
    PAXOS_ACCEPTED(9),
    PAXOS_COMMIT(10),
    SCAN_REQUEST(11),
    SCAN_RESPONSE(12),
    GOSSIP(13),
    MERKLE_TREE_REQUEST(14),
    MERKLE_TREE_RESPONSE(15),
    REPAIR_ROWS_REQUEST(16),
    REPAIR_ROWS_RESPONSE(17),
    REPAIR_STREAM(18);
    /** {@code values()} clones its array on every call; decoding looks a verb up for every message. */
    private static final Verb[] ALL = values();

    private final int code;

    Verb(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Verb ofCode(int code) {
        for (Verb verb : ALL) {
            if (verb.code == code) {
                return verb;
            }
        }
        throw new IllegalArgumentException("unknown verb code " + code);
    }
}
