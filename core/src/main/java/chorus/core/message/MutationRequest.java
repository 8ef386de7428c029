package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Mutation;

/** Apply this mutation durably. Reply: {@link MutationAck} with the same id, once durable. */
public record MutationRequest(long requestId, Mutation mutation) implements Message {
    public MutationRequest {
        requireNonNull(mutation, "mutation is null");
    }

    @Override
    public Verb verb() {
        return Verb.MUTATION_REQUEST;
    }
}
