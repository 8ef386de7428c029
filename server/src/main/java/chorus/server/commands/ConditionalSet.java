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
 * A SET that depends on the key's current value (NX, XX, IFEQ, GET, KEEPTTL), decided inside one Paxos
 * round (D6): {@link #decide} sees the current row and returns the update, or null to write nothing.
 * The same decision is made again from the reported current row to build the reply.
 */
final class ConditionalSet implements SerialOperation {
    private static final Bytes STRING_COLUMN = Cell.column(ColumnKind.STRING, Bytes.EMPTY);

    private final Bytes value;
    private final SetOptions options;
    private final Clock clock;

    ConditionalSet(Bytes value, SetOptions options, Clock clock) {
        this.value = value;
        this.options = options;
        this.clock = clock;
    }

    @Override
    public Row decide(Row current) {
        long now = clock.wallMillis();
        ColumnKind kind = current.liveKind(now);
        if (options.returnOld() && kind != null && kind != ColumnKind.STRING) {
            return null;
        }
        boolean applies = switch (options.condition()) {
            case ALWAYS -> true;
            case IF_ABSENT -> kind == null;
            case IF_PRESENT -> kind != null;
            case IF_EQUAL -> kind == ColumnKind.STRING
                    && current.liveCells(now).get(STRING_COLUMN).value().equals(options.expected());
        };
        if (!applies) {
            return null;
        }
        long expiresAtMillis = options.expiresAtMillis();
        if (options.keepTtl() && kind == ColumnKind.STRING) {
            expiresAtMillis = current.liveCells(now).get(STRING_COLUMN).expiresAtMillis();
        }
        return Row.set(value, expiresAtMillis);
    }

    /** The reply: OK or nil (not applied), or with GET the old value, nil or WRONGTYPE. */
    Reply reply(SerialResult result) {
        if (result instanceof SerialResult.Failed failed) {
            return Reply.error(failed.code(), failed.message());
        }
        SerialResult.Success success = (SerialResult.Success) result;
        if (!options.returnOld()) {
            return success.applied() ? Reply.ok() : Reply.nullBulk();
        }
        long now = clock.wallMillis();
        ColumnKind kind = success.current().liveKind(now);
        if (kind == null) {
            return Reply.nullBulk();
        }
        if (kind != ColumnKind.STRING) {
            return Errors.WRONG_TYPE;
        }
        Cell cell = success.current().liveCells(now).get(STRING_COLUMN);
        return cell == null ? Reply.nullBulk() : Reply.bulk(cell.value());
    }
}
