package chorus.core.antientropy;

import static java.util.Objects.requireNonNull;

/**
 * How far a repair has got; reported after every slot and once more, {@code finished}, at the end.
 *
 * @param slotsTotal    slots the repair covers
 * @param slotsDone     slots finished, in sync or repaired
 * @param slotsInSync   of those, slots whose replicas already agreed (nothing streamed)
 * @param slotsFailed   slots that could not be repaired (a replica down or silent); run repair again
 * @param rowsStreamed  rows sent to replicas that lacked them or held older versions
 * @param bytesStreamed encoded size of those rows
 * @param firstFailure  why the first failed slot failed, for the operator ({@code ""} when none failed)
 */
public record RepairProgress(String keyspace, int slotsTotal, int slotsDone, int slotsInSync, int slotsFailed,
                             long rowsStreamed, long bytesStreamed, boolean finished, String firstFailure) {
    public RepairProgress {
        requireNonNull(keyspace, "keyspace is null");
        requireNonNull(firstFailure, "firstFailure is null");
    }
}
