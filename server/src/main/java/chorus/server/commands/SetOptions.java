package chorus.server.commands;

import chorus.api.Bytes;
import chorus.resp.Command;
import chorus.resp.Reply;

/**
 * The options of {@code SET key value [NX | XX | IFEQ expected] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]},
 * parsed. Options that read the current value before writing (NX, XX, GET, KEEPTTL) make the SET a
 * SERIAL operation: the read and the write happen in one Paxos round (D6), so no other SERIAL
 * operation comes between them.
 *
 * @param expiresAtMillis wall-clock expiry in epoch milliseconds, or 0 for none
 * @param condition       when the SET applies
 * @param expected        for IFEQ (Valkey's compare-and-set): the value the key must hold
 * @param returnOld       GET: reply the old value instead of OK
 * @param keepTtl         KEEPTTL: keep the current value's expiry
 */
record SetOptions(long expiresAtMillis, Condition condition, Bytes expected, boolean returnOld, boolean keepTtl) {
    /** When a SET applies. */
    enum Condition { ALWAYS, IF_ABSENT, IF_PRESENT, IF_EQUAL }

    /** Whether the SET must read the current value, and so runs through Paxos. */
    boolean isSerial() {
        return condition != Condition.ALWAYS || returnOld || keepTtl;
    }

    /** The parsed options, or the error reply to send instead. */
    sealed interface Parsed {
    }

    record Valid(SetOptions options) implements Parsed {
    }

    record Invalid(Reply.Error error) implements Parsed {
    }

    static Parsed parse(Command command, long nowMillis) {
        long expiresAtMillis = 0;
        boolean expirySeen = false;
        Condition condition = Condition.ALWAYS;
        boolean returnOld = false;
        boolean keepTtl = false;
        Bytes expected = null;
        for (int i = 2; i < command.args().size(); i++) {
            String option = command.keyword(i);
            switch (option) {
                case "NX", "XX" -> {
                    if (condition != Condition.ALWAYS) {
                        return new Invalid(Errors.SYNTAX);
                    }
                    condition = option.equals("NX") ? Condition.IF_ABSENT : Condition.IF_PRESENT;
                }
                case "IFEQ" -> {
                    if (condition != Condition.ALWAYS || i + 1 >= command.args().size()) {
                        return new Invalid(Errors.SYNTAX);
                    }
                    condition = Condition.IF_EQUAL;
                    expected = command.arg(++i);
                }
                case "GET" -> returnOld = true;
                case "KEEPTTL" -> {
                    if (expirySeen) {
                        return new Invalid(Errors.SYNTAX);
                    }
                    keepTtl = true;
                    expirySeen = true;
                }
                case "EX", "PX", "EXAT", "PXAT" -> {
                    if (expirySeen || i + 1 >= command.args().size()) {
                        return new Invalid(Errors.SYNTAX);
                    }
                    expirySeen = true;
                    i++;
                    Long parsed = parseLong(command.argText(i));
                    if (parsed == null) {
                        return new Invalid(Errors.NOT_AN_INTEGER);
                    }
                    expiresAtMillis = expiry(option, parsed, nowMillis);
                    if (expiresAtMillis <= 0) {
                        return new Invalid(Reply.err("invalid expire time in 'set' command"));
                    }
                }
                default -> {
                    return new Invalid(Errors.SYNTAX);
                }
            }
        }
        return new Valid(new SetOptions(expiresAtMillis, condition, expected, returnOld, keepTtl));
    }

    /** The absolute expiry, or 0 or less when the amount is not positive or would overflow. */
    private static long expiry(String option, long amount, long nowMillis) {
        if (amount <= 0) {
            return 0;
        }
        try {
            return switch (option) {
                case "EX" -> Math.addExact(nowMillis, Math.multiplyExact(amount, 1000L));
                case "PX" -> Math.addExact(nowMillis, amount);
                case "EXAT" -> Math.multiplyExact(amount, 1000L);
                default -> amount;
            };
        } catch (ArithmeticException e) {
            return 0;
        }
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
