package chorus.server.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How {@code chorus repair} shows its progress: on a terminal one line redrawn in place, with a bar,
 * slots done of total, bytes streamed, the streaming rate and an ETA; otherwise (a pipe, a log, a
 * test) one plain line per update, so that nothing in a log file is a carriage return.
 */
final class RepairProgressView {
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final int slotsTotal;
    private final long startedNanos;

    RepairProgressView(PrintWriter out, boolean terminal, int slotsTotal, long startedNanos) {
        this.out = out;
        this.terminal = terminal;
        this.slotsTotal = slotsTotal;
        this.startedNanos = startedNanos;
    }

    /** Shows the totals so far; {@code nowNanos} is {@link System#nanoTime()}. */
    void update(RepairTotals totals, long nowNanos) {
        String line = line(totals, nowNanos);
        if (terminal) {
            out.print("\r" + line + "\033[K");
        } else {
            out.println("repair: " + line);
        }
        out.flush();
    }

    /** Ends the redrawn line, so what follows starts on a line of its own. */
    void close() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    String line(RepairTotals totals, long nowNanos) {
        double seconds = Math.max(1e-3, (nowNanos - startedNanos) / 1e9);
        int done = totals.slotsDone() + totals.slotsFailed();
        String eta = done == 0 ? "?" : duration((slotsTotal - done) * seconds / done);
        String prefix = terminal ? bar(done) + " " : "";
        return prefix + String.format(Locale.ROOT, "%d/%d slots (%d%%), %d in sync, %d failed, %d rows, %s streamed, %s/s,"
                        + " ETA %s", done, slotsTotal, slotsTotal == 0 ? 100 : done * 100L / slotsTotal,
                totals.slotsInSync(), totals.slotsFailed(), totals.rowsStreamed(), bytes(totals.bytesStreamed()),
                bytes((long) (totals.bytesStreamed() / seconds)), eta);
    }

    private String bar(int done) {
        int filled = slotsTotal == 0 ? BAR_WIDTH : (int) ((long) done * BAR_WIDTH / slotsTotal);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(double seconds) {
        long total = Math.round(seconds);
        return total >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
                : String.format(Locale.ROOT, "%d:%02d", total / 60, total % 60);
    }
}
