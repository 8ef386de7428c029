package chorus.server.commands;

import chorus.api.Bytes;
import chorus.core.model.Cell;
import chorus.core.model.ColumnKind;
import chorus.core.model.Row;
import chorus.core.paxos.SerialOperation;
import chorus.core.paxos.SerialResult;
import chorus.core.port.Clock;
import chorus.resp.Reply;

/**
 * {@code DELIFEQ key value} (Valkey's compare-and-delete, e.g. to release a lock only if one still
 * holds it): deletes the key only if it holds exactly {@code value}, decided in one Paxos round (D6).
 * Replies 1 if it deleted the key, 0 if not.
 */
final class CompareAndDelete implements SerialOperation {
    private static final Bytes STRING_COLUMN = Cell.column(ColumnKind.STRING, Bytes.EMPTY);

    private final Bytes expected;
    private final Clock clock;

    CompareAndDelete(Bytes expected, Clock clock) {
        this.expected = expected;
        this.clock = clock;
    }

    @Override
    public Row decide(Row current) {
        Cell cell = current.liveCells(clock.wallMillis()).get(STRING_COLUMN);
        return cell != null && cell.value().equals(expected) ? Row.deletion() : null;
    }

    Reply reply(SerialResult result) {
        if (result instanceof SerialResult.Failed failed) {
            return Reply.error(failed.code(), failed.message());
        }
        return Reply.integer(((SerialResult.Success) result).applied() ? 1 : 0);
    }
}
