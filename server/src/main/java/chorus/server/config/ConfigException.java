package chorus.server.config;

/**
 * An operator error in the configuration: an unknown key, a value of the wrong type or out of
 * range, a port in use, a data directory that cannot be written. The message is one line that
 * names the setting and what is valid; the CLI prints it without a stack trace and exits with 2.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }

    /** {@code key=value is invalid (expected: expected)}, the one shape every range error takes. */
    public static ConfigException invalid(String key, Object value, String expected) {
        return new ConfigException(key + "=" + value + " is invalid (expected: " + expected + ")");
    }
}
