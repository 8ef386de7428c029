package chorus.core.model;

import chorus.api.Bytes;
import chorus.core.topology.NodeId;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A PN counter (Shapiro et al., "A comprehensive study of CRDTs", 2011) stored as cells of one row.
 * Each shard is a pair of grow-only totals (increments, decrements) owned by one node, which is
 * the only writer of its shard and writes it in timestamp order. The counter's value is the sum
 * over live shards of increments minus decrements. Because every shard only grows between key
 * deletions, merging replicas by last write wins per shard equals merging by maximum, and no
 * increment from any node is lost or counted twice.
 */
public final class PnCounter {
    private static final int SHARD_BYTES = 16;

    private PnCounter() {
    }

    /** One shard's totals. */
    public record Shard(long increments, long decrements) {
        public Shard {
            if (increments < 0 || decrements < 0) {
                throw new IllegalArgumentException("shard totals must be non-negative: " + increments + ", " + decrements);
            }
        }

        public static final Shard ZERO = new Shard(0, 0);

        /** The shard after adding {@code delta}; totals saturate instead of wrapping. */
        public Shard plus(long delta) {
            return delta >= 0 ? new Shard(saturatedAdd(increments, delta), decrements)
                    : new Shard(increments, saturatedAdd(decrements, -delta == Long.MIN_VALUE ? Long.MAX_VALUE : -delta));
        }

        public long value() {
            return increments - decrements;
        }

        /** The pointwise maximum: the merge of two states of one shard. */
        public static Shard merge(Shard a, Shard b) {
            return new Shard(Math.max(a.increments, b.increments), Math.max(a.decrements, b.decrements));
        }

        public Bytes encode() {
            return Bytes.wrapUnsafe(ByteBuffer.allocate(SHARD_BYTES).putLong(increments).putLong(decrements).array());
        }

        public static Shard decode(Bytes bytes) {
            if (bytes.length() != SHARD_BYTES) {
                throw new IllegalArgumentException("counter shard is " + bytes.length() + " bytes, expected " + SHARD_BYTES);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes.arrayUnsafe());
            return new Shard(buffer.getLong(), buffer.getLong());
        }

        private static long saturatedAdd(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }
    }

    public static Bytes shardColumn(NodeId owner) {
        return Cell.column(ColumnKind.COUNTER_SHARD, Bytes.utf8(owner.toString()));
    }

    /** The shard {@code owner} holds in {@code row}, or zero when it has none (or it was deleted). */
    public static Shard shard(Row row, NodeId owner) {
        Cell cell = row.cells().get(shardColumn(owner));
        return cell == null || cell.isTombstone() ? Shard.ZERO : Shard.decode(cell.value());
    }

    /** The counter's value: the sum over live shards. */
    public static long value(Row row, long nowMillis) {
        long sum = 0;
        for (Map.Entry<Bytes, Cell> entry : row.liveCells(nowMillis).entrySet()) {
            if (entry.getValue().kind() == ColumnKind.COUNTER_SHARD) {
                sum += Shard.decode(entry.getValue().value()).value();
            }
        }
        return sum;
    }
}
