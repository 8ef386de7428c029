/**
 * A node's settings: read from YAML and flags ({@link chorus.server.config.ConfigLoader}), listed
 * with defaults and ranges in {@link chorus.server.config.Settings}, validated into one
 * {@link chorus.server.config.ChorusConfig}. Operator mistakes are one-line
 * {@link chorus.server.config.ConfigException}s.
 */
package chorus.server.config;
