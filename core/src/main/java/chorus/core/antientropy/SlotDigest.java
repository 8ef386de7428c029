package chorus.core.antientropy;

/**
 * One replica's summary of one slot: the root of its Merkle tree and how many rows it holds. Two
 * replicas of a slot hold the same data exactly when their roots are equal (up to 64-bit
 * collisions), which is what {@code CHORUS DIGEST} and {@code chorus digest} compare.
 *
 * @param slot the slot
 * @param ok   false when the storage scan failed; root and rows then mean nothing
 * @param root the root of the slot's Merkle tree at the configured depth
 * @param rows rows stored in the slot, tombstones included
 * @param bytes the rows' encoded size (key plus encoded row, as repair counts what it streams): what
 *              streaming the whole slot to a replica would send
 */
public record SlotDigest(int slot, boolean ok, long root, long rows, long bytes) {
}
