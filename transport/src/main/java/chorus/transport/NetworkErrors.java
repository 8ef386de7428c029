package chorus.transport;

import java.io.IOException;

/** Turns network failures into short log text: they are expected, so no stack traces. */
final class NetworkErrors {
    private NetworkErrors() {}

    /** True for failures the network causes (refused, reset, unreachable, timed out). */
    static boolean isExpected(Throwable cause) {
        // Netty's ConnectTimeoutException is a ConnectException, so an IOException too.
        return cause instanceof IOException;
    }

    /** One line naming the failure, without the stack: {@code "Connection refused: /127.0.0.1:7002"}. */
    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
