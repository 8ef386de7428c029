package chorus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RepairProgressViewTest {
    private static final long SECOND = 1_000_000_000L;
    private final StringWriter out = new StringWriter();
    private final RepairTotals quarter = new RepairTotals(4000, 3990, 96, 2000, 3 * 1024 * 1024, "");

    @Test
    void withoutATerminalEachUpdateIsOnePlainLine() {
        RepairProgressView view = new RepairProgressView(new PrintWriter(out), false, 16384, 0);

        view.update(quarter, 2 * SECOND);
        view.update(quarter, 4 * SECOND);
        view.close();

        assertThat(out.toString()).doesNotContain("\r", "\033").isEqualTo(
                "repair: 4096/16384 slots (25%), 3990 in sync, 96 failed, 2000 rows, 3.0 MiB streamed, 1.5 MiB/s, ETA 0:06\n"
                + "repair: 4096/16384 slots (25%), 3990 in sync, 96 failed, 2000 rows, 3.0 MiB streamed, 768.0 KiB/s,"
                + " ETA 0:12\n");
    }

    @Test
    void onATerminalOneLineIsRedrawnWithABar() {
        RepairProgressView view = new RepairProgressView(new PrintWriter(out), true, 16384, 0);

        view.update(RepairTotals.NONE, SECOND);
        view.update(quarter, 2 * SECOND);
        view.close();

        assertThat(out.toString()).isEqualTo(
                "\r[..............................] 0/16384 slots (0%), 0 in sync, 0 failed, 0 rows, 0 B streamed, 0 B/s,"
                        + " ETA ?\033[K"
                + "\r[#######.......................] 4096/16384 slots (25%), 3990 in sync, 96 failed, 2000 rows,"
                        + " 3.0 MiB streamed, 1.5 MiB/s, ETA 0:06\033[K\n");
    }

    @Test
    void unitsForOperators() {
        assertThat(RepairProgressView.bytes(1023)).isEqualTo("1023 B");
        assertThat(RepairProgressView.bytes(5L << 30)).isEqualTo("5.0 GiB");
        assertThat(RepairProgressView.duration(3725)).isEqualTo("1:02:05");
        assertThat(RepairProgressView.duration(59.6)).isEqualTo("1:00");
    }
}
