package chorus.core.port;

import chorus.api.Bytes;

/**
 * What one page of a tombstone purge did ({@link StorageEngine#purge}).
 *
 * @param rowsExamined how many stored rows the page looked at
 * @param rowsChanged  how many of them lost tombstones or expired cells (rewritten, or deleted when empty)
 * @param resumeSlot   the slot where the next page starts, or -1 when the page reached the keyspace's end
 * @param resumeKey    the key in {@code resumeSlot} where the next page starts, or {@code null} at the end
 */
public record PurgeResult(int rowsExamined, int rowsChanged, int resumeSlot, Bytes resumeKey) {
    /** A page that reached the keyspace's end. */
    public static PurgeResult last(int rowsExamined, int rowsChanged) {
        return new PurgeResult(rowsExamined, rowsChanged, -1, null);
    }

    public PurgeResult {
        if (rowsExamined < 0 || rowsChanged < 0 || rowsChanged > rowsExamined) {
            throw new IllegalArgumentException("purge of " + rowsExamined + " rows cannot change " + rowsChanged);
        }
        if ((resumeKey == null) != (resumeSlot == -1)) {
            throw new IllegalArgumentException("resume slot " + resumeSlot + " and key " + resumeKey + " disagree");
        }
    }

    /** Whether the purge reached the keyspace's end. */
    public boolean finished() {
        return resumeKey == null;
    }
}
