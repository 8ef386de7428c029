package chorus.server.commands;

import java.math.BigDecimal;

/** Redis's number formats for the float commands (INCRBYFLOAT, HINCRBYFLOAT). */
final class Numbers {
    private Numbers() {
    }

    /** A double as Redis's strtod reads it: decimals, exponents, and inf, +inf, -inf in any case. */
    static double parseDouble(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || !trimmed.equals(text)) {
            throw new NumberFormatException("not a float: '" + text + "'");
        }
        switch (trimmed.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        char last = trimmed.charAt(trimmed.length() - 1);
        if (!Character.isDigit(last) && last != '.') {
            throw new NumberFormatException("not a float: '" + text + "'"); // Java would accept "1d" and "NaN".
        }
        double value = Double.parseDouble(trimmed);
        if (Double.isNaN(value)) {
            throw new NumberFormatException("not a float: '" + text + "'");
        }
        return value;
    }

    /** A finite double without exponent or trailing zeros: 10.5, 3000, 0.1. */
    static String format(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.signum() == 0 ? "0" : decimal.toPlainString();
    }
}
