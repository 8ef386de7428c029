package chorus.server.commands;

import static java.util.Objects.requireNonNull;

import chorus.core.model.Row;
import chorus.core.paxos.SerialOperation;
import chorus.core.paxos.SerialResult;
import chorus.resp.Reply;

/**
 * A read-modify-write command run in one Paxos round (D6): {@link Logic} sees the key's current
 * row and returns both the update and the reply. Paxos may call {@link #decide} more than once
 * (after contention); the reply is computed again from the row the round finally decided on, with
 * the same clock reading, so it always matches the update that was (or was not) applied.
 */
final class SerialCommand implements SerialOperation {
    /** The decision, a pure function of the current row and the command's clock reading. */
    @FunctionalInterface
    interface Logic {
        Outcome apply(Row current, long nowMillis);
    }

    /**
     * @param update the row to propose (placeholder timestamps), or null to change nothing
     * @param reply  the reply to send once the update is chosen (or at once when there is none)
     */
    record Outcome(Row update, Reply reply) {
        Outcome {
            requireNonNull(reply, "reply is null");
        }

        static Outcome reply(Reply reply) {
            return new Outcome(null, reply);
        }
    }

    private final Logic logic;
    private final long nowMillis;

    SerialCommand(Logic logic, long nowMillis) {
        this.logic = requireNonNull(logic, "logic is null");
        this.nowMillis = nowMillis;
    }

    @Override
    public Row decide(Row current) {
        return logic.apply(current, nowMillis).update();
    }

    Reply reply(SerialResult result) {
        if (result instanceof SerialResult.Failed failed) {
            return Reply.error(failed.code(), failed.message());
        }
        return logic.apply(((SerialResult.Success) result).current(), nowMillis).reply();
    }
}
