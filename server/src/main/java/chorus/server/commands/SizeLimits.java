package chorus.server.commands;

import chorus.api.Bytes;
import chorus.resp.Reply;
import chorus.server.config.Limits;
import java.util.List;

/**
 * The key and value size limits (D11), checked before anything is sent to replicas. The error
 * names the limit so the client knows which setting refused it.
 */
final class SizeLimits {
    private final Limits limits;

    SizeLimits(Limits limits) {
        this.limits = limits;
    }

    /** The error for the first key over max-key-size, or null when all fit. */
    Reply.Error checkKeys(List<Bytes> keys) {
        for (Bytes key : keys) {
            if (key.length() > limits.maxKeySize()) {
                return Reply.err("key is " + key.length() + " bytes, over max-key-size " + limits.maxKeySize());
            }
        }
        return null;
    }

    /** The error for a key or value over its limit, or null when both fit. */
    Reply.Error checkKeyAndValue(Bytes key, Bytes value) {
        Reply.Error tooLarge = checkKeys(List.of(key));
        if (tooLarge != null) {
            return tooLarge;
        }
        if (value.length() > limits.maxValueSize()) {
            return Reply.err("value is " + value.length() + " bytes, over max-value-size " + limits.maxValueSize());
        }
        return null;
    }
}
