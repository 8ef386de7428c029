package chorus.core.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.core.model.Row;
import chorus.core.model.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static Row row(String value, long millis) {
        return Row.replaceWithString(Bytes.utf8(value), 0, Timestamp.ofMillis(millis, 0, 1));
    }

    private static MerkleTree tree(int depth, List<String> keys, int changedIndex) {
        MerkleTree tree = new MerkleTree(depth);
        for (int i = 0; i < keys.size(); i++) {
            tree.add(Bytes.utf8(keys.get(i)), row("v" + i, i == changedIndex ? 2 : 1));
        }
        return tree;
    }

    private static List<String> keys(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add("key" + i);
        }
        return keys;
    }

    @Test
    void theRootDoesNotDependOnTheOrderRowsArriveIn() {
        List<String> keys = keys(500);
        List<String> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new Random(1));
        MerkleTree inOrder = new MerkleTree(6);
        MerkleTree outOfOrder = new MerkleTree(6);
        keys.forEach(key -> inOrder.add(Bytes.utf8(key), row(key, 1)));
        shuffled.forEach(key -> outOfOrder.add(Bytes.utf8(key), row(key, 1)));

        assertThat(outOfOrder.root()).isEqualTo(inOrder.root());
        assertThat(outOfOrder.leaves()).isEqualTo(inOrder.leaves());
    }

    @Test
    void oneChangedRowChangesTheRootAndExactlyItsLeaf() {
        List<String> keys = keys(500);
        MerkleTree before = tree(8, keys, -1);
        MerkleTree after = tree(8, keys, 42);

        assertThat(after.root()).isNotEqualTo(before.root());
        assertThat(MerkleTree.differingLeaves(List.of(before, after)))
                .containsExactly(MerkleTree.leafOf(Bytes.utf8("key42"), 8));
    }

    @Test
    void aMissingRowIsADifferenceAndEmptyRowsAreNot() {
        MerkleTree full = tree(4, keys(10), -1);
        MerkleTree missing = tree(4, keys(9), -1);
        MerkleTree withEmpty = tree(4, keys(10), -1);
        withEmpty.add(Bytes.utf8("nothing"), Row.EMPTY);

        assertThat(missing.root()).isNotEqualTo(full.root());
        assertThat(withEmpty.root()).isEqualTo(full.root());
    }

    @Test
    void treesRebuiltFromTheirLeavesHaveTheSameRoot() {
        MerkleTree tree = tree(5, keys(100), -1);
        assertThat(MerkleTree.ofLeaves(5, tree.leaves()).root()).isEqualTo(tree.root());
        assertThat(new MerkleTree(0).leaves()).hasSize(1);
        assertThat(tree.leaves()).hasSize(32);
    }

    @Test
    void aReplicaThatPurgedAGraceExpiredTombstoneHashesLikeOneThatHasNotYet() {
        long cutoff = 100;
        Row deletedLongAgo = Row.deleted(Timestamp.ofMillis(50, 0, 1));
        Row setOverADeleteLongAgo = row("v", 60); // A SET's key tombstone at 60 ms, under its value.
        Row deletedLately = Row.deleted(Timestamp.ofMillis(150, 0, 1));
        MerkleTree notYetPurged = new MerkleTree(4, cutoff);
        MerkleTree purged = new MerkleTree(4, cutoff);
        notYetPurged.add(Bytes.utf8("gone"), deletedLongAgo);
        notYetPurged.add(Bytes.utf8("set"), setOverADeleteLongAgo);
        notYetPurged.add(Bytes.utf8("recent"), deletedLately);
        purged.add(Bytes.utf8("set"), setOverADeleteLongAgo.purge(cutoff));
        purged.add(Bytes.utf8("recent"), deletedLately.purge(cutoff));

        assertThat(purged.root()).isEqualTo(notYetPurged.root());

        MerkleTree missedTheDelete = new MerkleTree(4, cutoff);
        missedTheDelete.add(Bytes.utf8("gone"), row("old", 10));
        missedTheDelete.add(Bytes.utf8("set"), setOverADeleteLongAgo);
        missedTheDelete.add(Bytes.utf8("recent"), deletedLately);
        assertThat(MerkleTree.differingLeaves(List.of(notYetPurged, missedTheDelete)))
                .as("the value a purgeable tombstone shadows elsewhere is still a difference")
                .containsExactly(MerkleTree.leafOf(Bytes.utf8("gone"), 4));
        MerkleTree recentMissing = new MerkleTree(4, cutoff);
        recentMissing.add(Bytes.utf8("set"), setOverADeleteLongAgo);
        assertThat(recentMissing.root()).as("a tombstone within its grace period counts").isNotEqualTo(purged.root());
    }
}
