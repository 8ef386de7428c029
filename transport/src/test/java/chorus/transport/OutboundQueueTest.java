package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboundQueueTest {
    @Test
    void boundsFrameCount() {
        OutboundQueue queue = new OutboundQueue(2, 1000);
        assertThat(queue.offer(new byte[1])).isTrue();
        assertThat(queue.offer(new byte[1])).isTrue();
        assertThat(queue.offer(new byte[1])).isFalse();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void boundsBytesAndKeepsNothingOfARejectedFrame() {
        OutboundQueue queue = new OutboundQueue(100, 10);
        assertThat(queue.offer(new byte[6])).isTrue();
        assertThat(queue.offer(new byte[5])).isFalse();
        assertThat(queue.offer(new byte[4])).isTrue();
        assertThat(queue.bytes()).isEqualTo(10);
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void pollsInOrderAndReleasesSpace() {
        OutboundQueue queue = new OutboundQueue(2, 100);
        byte[] first = {1};
        byte[] second = {2};
        queue.offer(first);
        queue.offer(second);
        assertThat(queue.pollBatch(1, 100)).containsExactly(first);
        assertThat(queue.offer(new byte[] {3})).isTrue();
        assertThat(queue.pollBatch(1, 100)).containsExactly(second);
        assertThat(queue.bytes()).isEqualTo(1);
        assertThat(queue.clear()).isEqualTo(1);
        assertThat(queue.pollBatch(10, 100)).isEmpty();
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void batchesStopAtTheFrameOrByteLimitButAlwaysTakeOneFrame() {
        OutboundQueue queue = new OutboundQueue(100, 1000);
        byte[] large = new byte[300];
        byte[] small = new byte[10];
        queue.offer(large);
        queue.offer(small);
        queue.offer(small);
        queue.offer(small);
        assertThat(queue.pollBatch(10, 100)).containsExactly(large);
        assertThat(queue.pollBatch(2, 100)).containsExactly(small, small);
        assertThat(queue.pollBatch(10, 100)).containsExactly(small);
        assertThat(queue.size()).isZero();
        assertThat(queue.bytes()).isZero();
    }
}
