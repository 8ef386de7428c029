package chorus.core.port;

import chorus.api.Bytes;

/**
 * What one page of a tombstone purge did ({@link StorageEngine#purge}).
 *
 * @param rowsExamined how many stored rows the page looked at
 * @param rowsChanged  how many of them lost tombstones or expired cells (rewritten, or deleted when empty)
 * @param resumeKey    where the next page of the slot starts, or {@code null} when the page reached the
 *                     slot's end
 */
public record PurgeResult(int rowsExamined, int rowsChanged, Bytes resumeKey) {
    public PurgeResult {
        if (rowsExamined < 0 || rowsChanged < 0 || rowsChanged > rowsExamined) {
            throw new IllegalArgumentException("purge of " + rowsExamined + " rows cannot change " + rowsChanged);
        }
    }
}
