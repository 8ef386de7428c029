package chorus.server.commands;

import chorus.api.Bytes;
import chorus.resp.Command;
import chorus.resp.Reply;

/**
 * The options of SCAN and HSCAN: {@code [MATCH pattern] [COUNT n] [TYPE type]}.
 *
 * @param pattern glob pattern keys must match, or null for all
 * @param count   the hint for how many keys one call should return
 * @param type    the type keys must have ({@code string} or {@code hash}), or null for any
 */
record ScanOptions(Bytes pattern, int count, String type) {
    static final int DEFAULT_COUNT = 10;

    sealed interface Parsed {
    }

    record Valid(ScanOptions options) implements Parsed {
    }

    record Invalid(Reply.Error error) implements Parsed {
    }

    boolean matches(Bytes key) {
        return pattern == null || GlobPattern.matches(pattern, key);
    }

    /** Parses the options from argument {@code from}; TYPE only where {@code allowType}. */
    static Parsed parse(Command command, int from, boolean allowType) {
        Bytes pattern = null;
        int count = DEFAULT_COUNT;
        String type = null;
        for (int i = from; i < command.args().size(); i += 2) {
            String option = command.keyword(i);
            if (i + 1 >= command.args().size()) {
                return new Invalid(Errors.SYNTAX);
            }
            switch (option) {
                case "MATCH" -> pattern = command.arg(i + 1);
                case "COUNT" -> {
                    try {
                        count = Integer.parseInt(command.argText(i + 1));
                    } catch (NumberFormatException e) {
                        return new Invalid(Errors.NOT_AN_INTEGER);
                    }
                    if (count < 1) {
                        return new Invalid(Errors.SYNTAX);
                    }
                }
                case "TYPE" -> {
                    if (!allowType) {
                        return new Invalid(Errors.SYNTAX);
                    }
                    type = command.argText(i + 1).toLowerCase(java.util.Locale.ROOT);
                }
                default -> {
                    return new Invalid(Errors.SYNTAX);
                }
            }
        }
        if (pattern != null && pattern.equals(Bytes.utf8("*"))) {
            pattern = null;
        }
        return new Valid(new ScanOptions(pattern, count, type));
    }
}
