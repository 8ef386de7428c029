package chorus.server.config;

import static java.util.Objects.requireNonNull;

/**
 * One configuration setting: its name (the YAML key, and the flag {@code --name}), what its value
 * looks like, its default and what it means. The one source for validation, {@code --help} and
 * {@code docs/configuration.md}.
 *
 * @param name        the key, lower case with dashes
 * @param label       the shape of a value, for help ({@code PORT}, {@code SIZE}, ...)
 * @param defaultText the default as written in a file; parsed like any other value
 * @param description one or two sentences: what it does and its valid range
 */
public record Setting(String name, String label, String defaultText, String description) {
    public Setting {
        requireNonNull(name, "name is null");
        requireNonNull(label, "label is null");
        requireNonNull(defaultText, "defaultText is null");
        requireNonNull(description, "description is null");
    }
}
