package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Timestamp;

/**
 * The mutation of request {@code requestId} is durable on the sender (or, when {@code applied} is
 * false, the sender failed to store it).
 *
 * @param newestBefore the newest timestamp the sender held for the key before applying: a
 *                     coordinator whose write is older than that restamps it (see WriteCoordinator)
 */
public record MutationAck(long requestId, boolean applied, Timestamp newestBefore) implements Message {
    public MutationAck {
        requireNonNull(newestBefore, "newestBefore is null");
    }

    public static MutationAck failed(long requestId) {
        return new MutationAck(requestId, false, Timestamp.MIN);
    }

    @Override
    public Verb verb() {
        return Verb.MUTATION_ACK;
    }
}
