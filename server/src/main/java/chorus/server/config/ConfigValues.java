package chorus.server.config;

import chorus.api.ConsistencyLevel;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of raw setting values (as YAML or a flag gave them), each checked against its range.
 * A value that is absent reads as the setting's default, parsed the same way, so defaults obey the
 * same rules as everything else. Every failure is a one-line {@link ConfigException}.
 */
final class ConfigValues {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-z]*)");

    private final Map<String, Object> values;

    ConfigValues(Map<String, Object> values) {
        this.values = values;
    }

    Object raw(Setting setting) {
        Object value = values.get(setting.name());
        return value != null ? value : setting.defaultText();
    }

    boolean isSet(Setting setting) {
        return values.get(setting.name()) != null;
    }

    String text(Setting setting) {
        Object value = raw(setting);
        if (!(value instanceof String || value instanceof Number)) {
            throw ConfigException.invalid(setting.name(), value, "a single " + setting.label().toLowerCase(Locale.ROOT));
        }
        return value.toString().trim();
    }

    String host(Setting setting) {
        String host = text(setting);
        if (host.isEmpty() || host.contains(" ") || host.contains(":")) {
            throw ConfigException.invalid(setting.name(), host, "a host name or IPv4 address, such as 127.0.0.1");
        }
        return host;
    }

    int integer(Setting setting, int min, int max) {
        String text = text(setting);
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the valid range.
        }
        throw ConfigException.invalid(setting.name(), text, min + ".." + max);
    }

    /** A size: a bare number of bytes, or a number with B, KiB, MiB or GiB (KB, MB, GB mean the same). */
    long size(Setting setting, long min, long max) {
        String text = text(setting);
        Matcher matcher = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        String expected = formatSize(min) + ".." + formatSize(max);
        if (!matcher.matches()) {
            throw ConfigException.invalid(setting.name(), text, expected + ", such as 512KiB");
        }
        long unit = switch (matcher.group(2)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            case "g", "gb", "gib" -> 1024L * 1024 * 1024;
            default -> throw ConfigException.invalid(setting.name(), text, expected + " (units: B, KiB, MiB, GiB)");
        };
        long value = parseOrMax(matcher.group(1));
        if (value > max / unit || value * unit < min) {
            throw ConfigException.invalid(setting.name(), text, expected);
        }
        return value * unit;
    }

    /** A duration: a number with ms, s, m or h; a bare number is milliseconds. */
    Duration duration(Setting setting, Duration min, Duration max) {
        String text = text(setting);
        Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        String expected = formatDuration(min) + ".." + formatDuration(max);
        if (!matcher.matches()) {
            throw ConfigException.invalid(setting.name(), text, expected + ", such as 500ms or 2s");
        }
        long amount = Math.min(parseOrMax(matcher.group(1)), Integer.MAX_VALUE);
        Duration value = switch (matcher.group(2)) {
            case "", "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw ConfigException.invalid(setting.name(), text, expected + " (units: ms, s, m, h, d)");
        };
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw ConfigException.invalid(setting.name(), text, expected);
        }
        return value;
    }

    ConsistencyLevel level(Setting setting) {
        String text = text(setting);
        return ConsistencyLevel.parse(text)
                .orElseThrow(() -> ConfigException.invalid(setting.name(), text, "ONE, QUORUM, ALL or SERIAL"));
    }

    boolean bool(Setting setting) {
        String text = text(setting);
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw ConfigException.invalid(setting.name(), text, "true or false");
        };
    }

    SyncMode syncMode(Setting setting) {
        String text = text(setting);
        return SyncMode.named(text).orElseThrow(() -> ConfigException.invalid(setting.name(), text, "fsync or periodic"));
    }

    private static long parseOrMax(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static String formatSize(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + "B";
    }

    static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        if (millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
