package chorus.bench;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Parses {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
final class DurationParser implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < text.length() && (Character.isDigit(text.charAt(split)) || text.charAt(split) == '.')) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (expected: e.g. 10s, 500ms, 2m)");
        }
        double amount = Double.parseDouble(text.substring(0, split));
        double millis = switch (text.substring(split)) {
            case "ms" -> amount;
            case "", "s" -> amount * 1_000;
            case "m", "min" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> throw new IllegalArgumentException(
                    "'" + value + "' has an unknown unit (expected: ms, s, m or h)");
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
