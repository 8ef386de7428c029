package chorus.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PnCounterTest {
    private static Row shardRow(NodeId owner, PnCounter.Shard shard, long time) {
        return Row.of(new Cell(PnCounter.shardColumn(owner), shard.encode(), new Timestamp(time, owner.value()), 0));
    }

    @Test
    void valueSumsEveryNodesShard() {
        Row row = Row.merge(shardRow(NodeId.of(1), PnCounter.Shard.ZERO.plus(5), 1),
                shardRow(NodeId.of(2), PnCounter.Shard.ZERO.plus(-2).plus(10), 1));
        assertThat(PnCounter.value(row, 0)).isEqualTo(13);
        assertThat(PnCounter.shard(row, NodeId.of(2))).isEqualTo(new PnCounter.Shard(10, 2));
        assertThat(PnCounter.shard(row, NodeId.of(3))).isEqualTo(PnCounter.Shard.ZERO);
    }

    @Test
    void aDeletedCounterRestartsFromZero() {
        Row counted = shardRow(NodeId.of(1), PnCounter.Shard.ZERO.plus(7), 1);
        Row deleted = Row.merge(counted, Row.deleted(new Timestamp(2, 9)));
        assertThat(PnCounter.value(deleted, 0)).isZero();
        assertThat(PnCounter.shard(deleted, NodeId.of(1))).isEqualTo(PnCounter.Shard.ZERO);
    }

    /** Increments from three nodes, each shard's states delivered in any order, any number of times. */
    @Property
    void noIncrementIsLostOrCountedTwice(@ForAll @Size(max = 30) List<@IntRange(min = -5, max = 5) Integer> deltas,
                                         @ForAll long shuffleSeed) {
        List<Row> states = new ArrayList<>();
        PnCounter.Shard[] shards = {PnCounter.Shard.ZERO, PnCounter.Shard.ZERO, PnCounter.Shard.ZERO};
        long expected = 0;
        for (int i = 0; i < deltas.size(); i++) {
            int owner = i % 3;
            shards[owner] = shards[owner].plus(deltas.get(i));
            expected += deltas.get(i);
            states.add(shardRow(NodeId.of(owner + 1), shards[owner], i + 1));
        }
        java.util.Collections.shuffle(states, new java.util.Random(shuffleSeed));
        Row merged = Row.EMPTY;
        for (Row state : states) {
            merged = Row.merge(Row.merge(merged, state), state);
        }
        assertThat(PnCounter.value(merged, 0)).isEqualTo(expected);
    }

    @Test
    void shardMergeIsPointwiseMaximum() {
        assertThat(PnCounter.Shard.merge(new PnCounter.Shard(3, 9), new PnCounter.Shard(5, 1)))
                .isEqualTo(new PnCounter.Shard(5, 9));
        assertThat(PnCounter.Shard.decode(new PnCounter.Shard(3, 9).encode())).isEqualTo(new PnCounter.Shard(3, 9));
        assertThat(PnCounter.Shard.ZERO.plus(Long.MAX_VALUE).plus(1).increments()).isEqualTo(Long.MAX_VALUE);
    }
}
