package chorus.core.message;

import static java.util.Objects.requireNonNull;

/**
 * Build the Merkle tree of your rows of one slot at {@code depth} and send its leaves. Reply:
 * {@link MerkleTreeResponse} with the same id. Part of a repair session (D8).
 */
public record MerkleTreeRequest(long requestId, String keyspace, int slot, int depth) implements Message {
    public MerkleTreeRequest {
        requireNonNull(keyspace, "keyspace is null");
    }

    @Override
    public Verb verb() {
        return Verb.MERKLE_TREE_REQUEST;
    }
}
