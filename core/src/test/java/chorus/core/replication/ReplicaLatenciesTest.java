package chorus.core.replication;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.topology.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaLatenciesTest {
    private static final NodeId A = NodeId.of(1);
    private static final NodeId B = NodeId.of(2);

    @Test
    void percentileIsNearestRankOverTheRecentSamples() {
        ReplicaLatencies latencies = new ReplicaLatencies();
        for (int i = 1; i <= 10; i++) {
            latencies.record(A, i * 1_000);
        }

        assertThat(latencies.percentileNanos(A, 50)).isEqualTo(5_000);
        assertThat(latencies.percentileNanos(A, 99)).isEqualTo(10_000);
        assertThat(latencies.percentileNanos(A, 10)).isEqualTo(1_000);
        assertThat(latencies.percentileNanos(B, 99)).isEqualTo(-1);
    }

    @Test
    void whileTheWindowFillsEverySampleCounts() {
        ReplicaLatencies latencies = new ReplicaLatencies();
        latencies.record(A, 1_000);
        assertThat(latencies.percentileNanos(A, 99)).isEqualTo(1_000);

        latencies.record(A, 9_000);

        assertThat(latencies.percentileNanos(A, 99)).isEqualTo(9_000);
    }

    @Test
    void aFullWindowFollowsAChangeWithinAnEighthOfIt() {
        ReplicaLatencies latencies = new ReplicaLatencies();
        for (int i = 0; i < ReplicaLatencies.SAMPLES; i++) {
            latencies.record(A, 1_000);
        }
        assertThat(latencies.percentileNanos(A, 99)).isEqualTo(1_000);

        // The replica turns slow: a few slow samples may go unnoticed, but never more than RESORT_AFTER.
        for (int i = 0; i < ReplicaLatencies.RESORT_AFTER; i++) {
            latencies.record(A, 50_000);
        }

        assertThat(latencies.percentileNanos(A, 99)).isEqualTo(50_000);
        assertThat(latencies.percentileNanos(A, 50)).isEqualTo(1_000); // Another percentile is computed at once.
    }

    @Test
    void theWindowForgetsOldSamples() {
        ReplicaLatencies latencies = new ReplicaLatencies();
        for (int i = 0; i < ReplicaLatencies.SAMPLES; i++) {
            latencies.record(A, 90_000);
        }
        for (int i = 0; i < ReplicaLatencies.SAMPLES; i++) {
            latencies.record(A, 2_000);
        }

        assertThat(latencies.percentileNanos(A, 100)).isEqualTo(2_000);
    }

    @Test
    void fastestFirstPutsSelfFirstThenLowestAverage() {
        ReplicaLatencies latencies = new ReplicaLatencies();
        NodeId self = NodeId.of(3);
        latencies.record(A, 5_000);
        latencies.record(B, 1_000);

        assertThat(latencies.fastestFirst(List.of(A, B, self), self)).containsExactly(self, B, A);
    }
}
