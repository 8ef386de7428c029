package chorus.resp;

/**
 * Bounds on what one client connection may make the server buffer (DESIGN.md D11: every limit is
 * configured and enforced). Input over a size limit is a protocol error: the client gets
 * {@code -ERR Protocol error: ...} and the connection is closed, as Redis does. The pending limit
 * is backpressure instead: the server stops reading until replies drain.
 *
 * @param maxBulkLength largest bulk string argument, in bytes (Redis's {@code proto-max-bulk-len})
 * @param maxArrayElements most arguments in one multibulk request
 * @param maxInlineLength longest inline command line, and longest {@code *n} / {@code $n} header
 *     line, in bytes (Redis's 64 KiB {@code PROTO_INLINE_MAX_SIZE})
 * @param maxRequestBytes most argument bytes in one request, summed over its arguments
 * @param maxPendingRequests requests read but not yet answered (pipelined) per connection
 */
public record RespLimits(
        int maxBulkLength,
        int maxArrayElements,
        int maxInlineLength,
        long maxRequestBytes,
        int maxPendingRequests) {
    public static final int MEBIBYTE = 1024 * 1024;

    public RespLimits {
        requirePositive("maxBulkLength", maxBulkLength);
        requirePositive("maxArrayElements", maxArrayElements);
        requirePositive("maxInlineLength", maxInlineLength);
        requirePositive("maxRequestBytes", maxRequestBytes);
        requirePositive("maxPendingRequests", maxPendingRequests);
    }

    /** 64 MiB arguments and requests, 1,048,576 arguments, 64 KiB inline lines, 1024 pending. */
    public static RespLimits defaults() {
        return new RespLimits(64 * MEBIBYTE, 1024 * 1024, 64 * 1024, 64L * MEBIBYTE, 1024);
    }

    public RespLimits withMaxBulkLength(int value) {
        return new RespLimits(value, maxArrayElements, maxInlineLength, maxRequestBytes, maxPendingRequests);
    }

    public RespLimits withMaxArrayElements(int value) {
        return new RespLimits(maxBulkLength, value, maxInlineLength, maxRequestBytes, maxPendingRequests);
    }

    public RespLimits withMaxInlineLength(int value) {
        return new RespLimits(maxBulkLength, maxArrayElements, value, maxRequestBytes, maxPendingRequests);
    }

    public RespLimits withMaxRequestBytes(long value) {
        return new RespLimits(maxBulkLength, maxArrayElements, maxInlineLength, value, maxPendingRequests);
    }

    public RespLimits withMaxPendingRequests(int value) {
        return new RespLimits(maxBulkLength, maxArrayElements, maxInlineLength, maxRequestBytes, value);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + "=" + value + " is invalid (expected: >= 1)");
        }
    }
}
