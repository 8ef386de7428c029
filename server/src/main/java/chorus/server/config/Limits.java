package chorus.server.config;

/**
 * What one client may make a node hold (D11: every limit configured and enforced).
 *
 * @param maxKeySize      largest key, in bytes
 * @param maxValueSize    largest value, in bytes
 * @param maxRequestSize  largest request (all arguments together), in bytes
 * @param maxConnections  open client connections per node
 * @param maxPipelined    requests read but not yet answered, per connection
 */
public record Limits(long maxKeySize, long maxValueSize, long maxRequestSize, int maxConnections, int maxPipelined) {
}
