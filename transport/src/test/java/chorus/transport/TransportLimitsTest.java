package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportLimitsTest {
    @Test
    void defaultsMatchTheDesign() {
        TransportLimits limits = TransportLimits.defaults();
        assertThat(limits.maxFrameBytes()).isEqualTo(64 << 20);
        assertThat(limits.maxQueuedFrames()).isEqualTo(10_000);
        assertThat(limits.maxQueuedBytes()).isEqualTo(64L << 20);
        assertThat(limits.reconnectBackoffMin()).isEqualTo(Duration.ofMillis(50));
        assertThat(limits.reconnectBackoffMax()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void invalidValuesNameTheirKeyAndRange() {
        assertThatThrownBy(() -> TransportLimits.defaults().withMaxFrameBytes(0))
                .hasMessage("maxFrameBytes=0 is invalid (expected: 1.." + TransportLimits.MAX_FRAME_BYTES_LIMIT + ")");
        assertThatThrownBy(() -> TransportLimits.defaults().withMaxQueued(0, 1))
                .hasMessageStartingWith("maxQueuedFrames=0 is invalid");
        assertThatThrownBy(() -> TransportLimits.defaults()
                .withReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("expected: >= reconnectBackoffMin");
        assertThatThrownBy(() -> TransportLimits.defaults()
                .withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("connectTimeout=PT0S is invalid (expected: >= 1 ms)");
    }
}
