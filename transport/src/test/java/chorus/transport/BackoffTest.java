package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesWithinJitterUpToTheMaximumThenResets() {
        long seed = 42;
        Backoff backoff = new Backoff(50, 2000, new SplittableRandom(seed));
        long[] bases = {50, 100, 200, 400, 800, 1600, 2000, 2000};
        for (long base : bases) {
            assertThat(backoff.nextDelayMillis()).as("seed %d, base %d", seed, base).isBetween(base / 2, base);
        }
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isBetween(25L, 50L);
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff backoff = new Backoff(1000, 1000, new SplittableRandom(7));
        long first = backoff.nextDelayMillis();
        boolean differs = false;
        for (int i = 0; i < 20 && !differs; i++) {
            differs = backoff.nextDelayMillis() != first;
        }
        assertThat(differs).isTrue();
    }
}
