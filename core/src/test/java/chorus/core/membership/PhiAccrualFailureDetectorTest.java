package chorus.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhiAccrualFailureDetectorTest {
    private static final long MS = 1_000_000L;

    @Test
    void phiGrowsWithSilenceAndFallsAtTheNextHeartbeat() {
        PhiAccrualFailureDetector detector = new PhiAccrualFailureDetector(100, 50 * MS, 0, 100 * MS, 0);
        long now = 0;
        for (int i = 0; i < 50; i++) {
            now += 100 * MS;
            detector.heartbeat(now);
        }
        assertThat(detector.phi(now + 50 * MS)).isLessThan(1);
        assertThat(detector.phi(now + 200 * MS)).isBetween(1.0, 8.0);
        assertThat(detector.phi(now + 500 * MS)).isGreaterThan(8);
        assertThat(detector.phi(now + 400 * MS)).isLessThan(detector.phi(now + 500 * MS));

        detector.heartbeat(now + 500 * MS);
        assertThat(detector.phi(now + 510 * MS)).isLessThan(1);
    }

    @Test
    void irregularArrivalsMakeTheDetectorMorePatient() {
        PhiAccrualFailureDetector regular = new PhiAccrualFailureDetector(100, 10 * MS, 0, 100 * MS, 0);
        PhiAccrualFailureDetector irregular = new PhiAccrualFailureDetector(100, 10 * MS, 0, 100 * MS, 0);
        long regularNow = 0;
        long irregularNow = 0;
        for (int i = 0; i < 60; i++) {
            regularNow += 100 * MS;
            regular.heartbeat(regularNow);
            irregularNow += (i % 2 == 0 ? 20 : 180) * MS;
            irregular.heartbeat(irregularNow);
        }
        assertThat(irregular.phi(irregularNow + 300 * MS)).isLessThan(regular.phi(regularNow + 300 * MS));
    }

    @Test
    void theWindowIsBoundedAndAResetForgetsTheHistory() {
        PhiAccrualFailureDetector detector = new PhiAccrualFailureDetector(10, MS, 0, 100 * MS, 0);
        long now = 0;
        for (int i = 0; i < 1000; i++) {
            now += 1_000 * MS;
            detector.heartbeat(now);
        }
        assertThat(detector.meanNanos()).isEqualTo(1_000.0 * MS);
        detector.reset(100 * MS, now);
        assertThat(detector.meanNanos()).isEqualTo(100.0 * MS);
        assertThat(detector.phi(now + 1_000 * MS)).isGreaterThan(8);
    }
}
