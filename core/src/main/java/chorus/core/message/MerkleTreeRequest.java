package chorus.core.message;

import static java.util.Objects.requireNonNull;

/**
 * Build the Merkle tree of your rows of one slot at {@code depth} and send its leaves. Reply:
 * {@link MerkleTreeResponse} with the same id. Part of a repair session (D8).
 *
 * @param purgeBeforeMillis tombstones older than this are left out of the tree (the coordinator's now
 *                          minus the tombstone grace): one cutoff for every replica, so a replica that
 *                          has purged them and one that has not yet hash alike
 */
public record MerkleTreeRequest(long requestId, String keyspace, int slot, int depth, long purgeBeforeMillis)
        implements Message {
    public MerkleTreeRequest {
        requireNonNull(keyspace, "keyspace is null");
        if (purgeBeforeMillis < 0) {
            throw new IllegalArgumentException("purgeBeforeMillis " + purgeBeforeMillis + " is negative");
        }
    }

    @Override
    public Verb verb() {
        return Verb.MERKLE_TREE_REQUEST;
    }
}
