package chorus.core.hints;

/**
 * The hints a coordinator has handed to storage and that storage has not yet made durable,
 * measured in bytes against a budget. A burst of writes to a down replica makes hints faster than
 * storage's group commit and fsync can take them; the budget lets such a burst queue (a count of
 * stores would fill in milliseconds however small the hints) while still bounding the memory they
 * hold. Over budget, the caller drops the hint: never blocks, never grows without bound.
 *
 * <p>A <em>burst of drops</em> starts with the first hint refused and ends once the pending bytes
 * have fallen to half the budget, so the caller can log each burst once, not each hint, and does
 * not log again for every hint refused while storage drains a full budget.
 *
 * <p>Not thread-safe: owned by the node thread with its {@link HintedHandoff}.
 */
final class PendingHintBudget {
    private final long bytesMax;
    private long bytes;
    private int stores;
    private long droppedInBurst;

    PendingHintBudget(long bytesMax) {
        if (bytesMax < 1) {
            throw new IllegalArgumentException("pending hint bytes " + bytesMax + " is invalid (expected: >= 1)");
        }
        this.bytesMax = bytesMax;
    }

    /**
     * Takes room for a hint of {@code hintBytes} if it fits, and returns whether it did; a refused
     * hint counts as dropped in the current burst. A hint always fits when nothing is pending, so a
     * hint bigger than the whole budget is still stored, one at a time.
     */
    boolean tryReserve(long hintBytes) {
        if (stores > 0 && bytes + hintBytes > bytesMax) {
            droppedInBurst++;
            return false;
        }
        bytes += hintBytes;
        stores++;
        return true;
    }

    /**
     * Gives back the room of a hint storage has finished with (stored or failed). Returns how many
     * hints the burst of drops that this ends had dropped, or 0 when no burst ended.
     */
    long release(long hintBytes) {
        bytes -= hintBytes;
        stores--;
        if (droppedInBurst == 0 || bytes > bytesMax / 2) {
            return 0;
        }
        long dropped = droppedInBurst;
        droppedInBurst = 0;
        return dropped;
    }

    /** Hints dropped since the current burst of drops began; 1 right after the first. */
    long droppedInBurst() {
        return droppedInBurst;
    }

    /** Bytes of hints handed to storage and not yet finished. */
    long bytes() {
        return bytes;
    }

    /** Hint stores handed to storage and not yet finished. */
    int stores() {
        return stores;
    }

    long bytesMax() {
        return bytesMax;
    }
}
