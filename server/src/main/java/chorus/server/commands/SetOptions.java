package chorus.server.commands;

import chorus.resp.Command;
import chorus.resp.Reply;

/**
 * The options of {@code SET key value [EX s | PX ms | EXAT s | PXAT ms]}, parsed into an absolute
 * expiry. NX, XX, GET and KEEPTTL need to read and write as one step, which takes compare-and-set
 * through Paxos (D6); until that exists they are refused with a clear error rather than emulated
 * with a racy read-then-write.
 *
 * @param expiresAtMillis wall-clock expiry in epoch milliseconds, or 0 for none
 */
record SetOptions(long expiresAtMillis) {
    static final Reply.Error NEEDS_SERIAL = Reply.err(
            "SET NX/XX needs SERIAL consistency (compare-and-set), not supported yet");

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
        for (int i = 2; i < command.args().size(); i++) {
            String option = command.keyword(i);
            switch (option) {
                case "NX", "XX" -> {
                    return new Invalid(NEEDS_SERIAL);
                }
                case "GET", "KEEPTTL" -> {
                    return new Invalid(Reply.err("SET " + option
                            + " needs SERIAL consistency (read and write as one step), not supported yet"));
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
        return new Valid(new SetOptions(expiresAtMillis));
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
