package chorus.server.commands;

import chorus.api.ErrorCode;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteResult;
import chorus.resp.Reply;

/** Renders core failures and input errors as Redis error replies (D11: errors are answers). */
final class Errors {
    static final Reply.Error WRONG_TYPE = Reply.error(ErrorCode.WRONG_TYPE,
            "Operation against a key holding the wrong kind of value");
    static final Reply.Error SYNTAX = Reply.err("syntax error");
    static final Reply.Error CROSS_SLOT = Reply.error("CROSSSLOT", "Keys in request don't hash to the same slot");
    static final Reply.Error NOT_AN_INTEGER = Reply.err("value is not an integer or out of range");

    private Errors() {
    }

    static Reply.Error of(ReadResult.Failed failed) {
        return Reply.error(failed.code(), failed.message());
    }

    static Reply.Error of(WriteResult.Failed failed) {
        return Reply.error(failed.code(), failed.message());
    }
}
