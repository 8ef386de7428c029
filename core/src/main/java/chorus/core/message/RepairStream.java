package chorus.core.message;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Mutation;
import java.util.List;

/**
 * Merge these rows, which the repair found you missing or holding older versions of. Reply:
 * {@link MutationAck} with the same id once they are durable (a batch, applied wholly or not at all).
 */
public record RepairStream(long requestId, List<Mutation> rows) implements Message {
    public RepairStream {
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    @Override
    public Verb verb() {
        return Verb.REPAIR_STREAM;
    }
}
