package chorus.core.antientropy;

import chorus.api.Bytes;
import chorus.core.model.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Merkle tree of one slot of one keyspace on one replica (D8, Dynamo §4.7). The slot's keys are
 * spread over {@code 2^depth} leaves by a hash of the key, so a leaf is a fixed range of key hashes
 * that means the same on every replica whatever keys each holds. A leaf's hash is the sum of its rows'
 * hashes (each row hashed with its key and {@link Row#digest()}), which is independent of the order a
 * scan delivers rows in; inner nodes hash their children. Two replicas hold equal data in a slot
 * exactly when their roots are equal (up to 64-bit collisions), and the leaves that differ name the
 * only key ranges worth streaming.
 *
 * <p>Rows are hashed as a tombstone purge at {@code purgeBeforeMillis} would leave them
 * ({@link Row#purge}): a replica that has purged grace-expired tombstones and one that has not yet
 * hold the same live data, and must not look different for it. A real difference still shows: the
 * data a purgeable tombstone shadows on another replica is not purgeable there, so it is hashed.
 */
public final class MerkleTree {
    private final int depth;
    private final long[] leaves;
    private final long purgeBeforeMillis;

    /** A tree that hashes every tombstone (nothing is purgeable). */
    public MerkleTree(int depth) {
        this(depth, 0);
    }

    /** A tree that leaves out tombstones a purge at {@code purgeBeforeMillis} would drop. */
    public MerkleTree(int depth, long purgeBeforeMillis) {
        if (depth < 0 || depth > 16) {
            throw new IllegalArgumentException("merkle depth " + depth + " is invalid (expected: 0..16)");
        }
        this.depth = depth;
        this.leaves = new long[1 << depth];
        this.purgeBeforeMillis = purgeBeforeMillis;
    }

    /** A tree from leaf hashes received from a replica. */
    public static MerkleTree ofLeaves(int depth, List<Long> leafHashes) {
        MerkleTree tree = new MerkleTree(depth);
        if (leafHashes.size() != tree.leaves.length) {
            throw new IllegalArgumentException(leafHashes.size() + " leaves do not make a tree of depth " + depth);
        }
        for (int i = 0; i < tree.leaves.length; i++) {
            tree.leaves[i] = leafHashes.get(i);
        }
        return tree;
    }

    /** The leaf that holds {@code key} in a tree of {@code depth}. */
    public static int leafOf(Bytes key, int depth) {
        return depth == 0 ? 0 : (int) (hashKey(key) >>> (64 - depth));
    }

    /** Adds one stored row (empty rows are never stored, and are not added; nor are rows a purge would empty). */
    public void add(Bytes key, Row row) {
        Row hashed = row.purge(purgeBeforeMillis);
        if (hashed.isEmpty()) {
            return;
        }
        long keyHash = hashKey(key);
        int leaf = depth == 0 ? 0 : (int) (keyHash >>> (64 - depth));
        leaves[leaf] += mix(keyHash ^ mix(hashed.digest()));
    }

    public int depth() {
        return depth;
    }

    public List<Long> leaves() {
        List<Long> list = new ArrayList<>(leaves.length);
        for (long leaf : leaves) {
            list.add(leaf);
        }
        return Collections.unmodifiableList(list);
    }

    /** The root hash: children hashed pairwise, level by level. */
    public long root() {
        long[] level = leaves.clone();
        for (int width = level.length; width > 1; width /= 2) {
            for (int i = 0; i < width / 2; i++) {
                level[i] = mix(level[2 * i] * 31 + mix(level[2 * i + 1] + 0x9e3779b97f4a7c15L));
            }
        }
        return level[0];
    }

    /** Indexes of the leaves where {@code trees} do not all agree, ascending. */
    public static List<Integer> differingLeaves(List<MerkleTree> trees) {
        List<Integer> differing = new ArrayList<>();
        if (trees.isEmpty()) {
            return differing;
        }
        long[] first = trees.get(0).leaves;
        for (int i = 0; i < first.length; i++) {
            for (MerkleTree tree : trees) {
                if (tree.leaves[i] != first[i]) {
                    differing.add(i);
                    break;
                }
            }
        }
        return differing;
    }

    private static long hashKey(Bytes key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.arrayUnsafe()) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return mix(hash);
    }

    /** SplitMix64's finalizer: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
