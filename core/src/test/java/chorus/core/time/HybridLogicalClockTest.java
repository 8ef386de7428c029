package chorus.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.model.Timestamp;
import chorus.core.port.Clock;
import chorus.core.topology.NodeId;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {
    private static final class ManualClock implements Clock {
        long wall;

        @Override
        public long monotonicNanos() {
            return 0;
        }

        @Override
        public long wallMillis() {
            return wall;
        }
    }

    @Test
    void followsTheWallClockForward() {
        ManualClock wall = new ManualClock();
        HybridLogicalClock clock = new HybridLogicalClock(wall, NodeId.of(1));
        wall.wall = 1_000;
        assertThat(clock.now().physicalMillis()).isEqualTo(1_000);
        wall.wall = 2_000;
        assertThat(clock.now().physicalMillis()).isEqualTo(2_000);
    }

    @Test
    void neverGoesBackwardsWhenTheWallClockJumpsBack() {
        ManualClock wall = new ManualClock();
        HybridLogicalClock clock = new HybridLogicalClock(wall, NodeId.of(1));
        wall.wall = 5_000;
        Timestamp before = clock.now();
        wall.wall = 1_000;
        Timestamp after = clock.now();
        assertThat(after).isGreaterThan(before);
        assertThat(after.physicalMillis()).isEqualTo(5_000);
    }

    @Test
    void issuesLaterTimestampsThanAnyItObserved() {
        ManualClock wall = new ManualClock();
        wall.wall = 1_000;
        HybridLogicalClock clock = new HybridLogicalClock(wall, NodeId.of(2));
        Timestamp fromFastPeer = Timestamp.ofMillis(9_000, 3, 1);
        clock.observe(fromFastPeer);
        assertThat(clock.now()).isGreaterThan(fromFastPeer);
    }

    @Test
    void consecutiveReadingsInOneMillisecondAreDistinctAndOrdered() {
        ManualClock wall = new ManualClock();
        wall.wall = 1_000;
        HybridLogicalClock clock = new HybridLogicalClock(wall, NodeId.of(1));
        Timestamp first = clock.now();
        Timestamp second = clock.now();
        assertThat(second).isGreaterThan(first);
        assertThat(second.physicalMillis()).isEqualTo(first.physicalMillis());
    }
}
