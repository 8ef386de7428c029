package chorus.core.message;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The leaf hashes of the sender's tree for request {@code requestId}; {@code ok} false if it could not scan. */
public record MerkleTreeResponse(long requestId, boolean ok, List<Long> leaves) implements Message {
    public MerkleTreeResponse {
        leaves = List.copyOf(requireNonNull(leaves, "leaves is null"));
    }

    @Override
    public Verb verb() {
        return Verb.MERKLE_TREE_RESPONSE;
    }
}
