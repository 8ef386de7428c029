package chorus.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chorus repair}: anti-entropy repair of a keyspace's slots (D8). Each slot is repaired once,
 * by one coordinator: the slots are cut into chunks of contiguous slots, and each chunk is one
 * {@code CHORUS REPAIR keyspace from to} to the first coordinator that answers, which compares the
 * replicas' Merkle trees and streams only the differing rows. Progress shows between chunks. If a
 * coordinator goes away, the chunk is retried on the next one in {@code --hosts} (repair is
 * idempotent). Exit code 0 when every slot was repaired or already in sync, 1 when any failed (the
 * first reason is printed), 2 for a usage error.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = "Repairs a keyspace's slots: compares the replicas' Merkle trees and streams only the differences.")
public final class RepairCommand implements Callable<Integer> {
    private static final int REPLY_TIMEOUT_MILLIS = 10 * 60 * 1000;

    @Option(names = "--host", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7001",
            description = "The node that coordinates the repair (RESP address). Default: 127.0.0.1:7001.")
    private String host;

    @Option(names = "--hosts", paramLabel = "HOST:PORT,...",
            description = "Coordinators in order of preference: if one stops answering, the repair goes on through the"
                    + " next. Overrides --host.")
    private String hosts;

    @Mixin
    private SlotOptions target;

    @Option(names = "--chunk", paramLabel = "N", defaultValue = "128",
            description = "Slots per CHORUS REPAIR call, between which progress is shown (1..16384). Default: 128.")
    private int chunk;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<HostList.Address> coordinators;
        SlotSelection selection;
        try {
            coordinators = hosts != null ? HostList.parse(hosts) : List.of(HostList.Address.parse(host));
            selection = SlotSelection.parse(target.slots);
            if (chunk < 1 || chunk > SlotSelection.SLOT_COUNT) {
                throw new IllegalArgumentException("--chunk " + chunk + " is invalid (expected: 1..16384)");
            }
        } catch (IllegalArgumentException e) {
            err.println("repair: " + e.getMessage());
            err.flush();
            return 2;
        }
        return new Run(out, err, coordinators, selection).run();
    }

    /** One repair run: the chunks in order, through the current coordinator. */
    private final class Run {
        final PrintWriter out;
        final PrintWriter err;
        final List<HostList.Address> coordinators;
        final SlotSelection selection;
        int current;
        RespClient client;
        String lastError = "";

        Run(PrintWriter out, PrintWriter err, List<HostList.Address> coordinators, SlotSelection selection) {
            this.out = out;
            this.err = err;
            this.coordinators = coordinators;
            this.selection = selection;
        }

        int run() {
            long started = System.nanoTime();
            List<SlotSelection.Range> ranges = selection.ranges(chunk);
            out.println("repair: keyspace " + target.keyspace + ", " + selection.count() + " slots in " + ranges.size()
                    + " chunks, coordinated by " + coordinators.get(0));
            RepairProgressView view = new RepairProgressView(out, System.console() != null, selection.count(), started);
            RepairTotals totals = RepairTotals.NONE;
            try {
                for (SlotSelection.Range range : ranges) {
                    Object reply = repairChunk(range);
                    if (reply instanceof RespClient.ErrorReply error) {
                        view.close();
                        err.println("repair: " + coordinators.get(current) + " refused: " + error.line());
                        return error.line().contains("unknown keyspace") ? 2 : 1;
                    }
                    totals = reply == null
                            ? totals.failed(range.size(), "slots " + range.from() + "-" + range.to()
                                    + ": no coordinator could be reached (last: " + lastError + ")")
                            : totals.plus(Replies.fields(reply));
                    view.update(totals, System.nanoTime());
                }
            } finally {
                closeClient();
            }
            view.close();
            return summary(totals, (System.nanoTime() - started) / 1e9);
        }

        /** The CHORUS REPAIR reply for {@code range}, moving on to the next coordinator on I/O errors; null if none is left. */
        Object repairChunk(SlotSelection.Range range) {
            while (current < coordinators.size()) {
                HostList.Address coordinator = coordinators.get(current);
                try {
                    if (client == null) {
                        client = coordinator.connect(5000);
                        client.setReplyTimeout(REPLY_TIMEOUT_MILLIS);
                    }
                    return client.call("CHORUS", "REPAIR", target.keyspace, Integer.toString(range.from()),
                            Integer.toString(range.to()));
                } catch (IOException e) {
                    lastError = coordinator + ": " + e.getMessage();
                    closeClient();
                    current++;
                    err.println("repair: lost " + lastError + (current < coordinators.size()
                            ? "; going on through " + coordinators.get(current) : ""));
                    err.flush();
                }
            }
            return null;
        }

        int summary(RepairTotals totals, double seconds) {
            out.println(String.format(Locale.ROOT, "repair: finished in %.1f s: %d slots, %d repaired, %d already in sync,"
                            + " %d failed; %d rows (%s) streamed", seconds, selection.count(),
                    totals.slotsDone() - totals.slotsInSync(), totals.slotsInSync(), totals.slotsFailed(),
                    totals.rowsStreamed(), RepairProgressView.bytes(totals.bytesStreamed())));
            out.flush();
            if (totals.slotsFailed() > 0) {
                err.println("repair: " + totals.slotsFailed() + " of " + selection.count() + " slots failed (first: "
                        + totals.firstFailure() + "); run repair again once every replica is up");
                err.flush();
                return 1;
            }
            return 0;
        }

        void closeClient() {
            if (client != null) {
                try {
                    client.close();
                } catch (IOException e) {
                    // Closing a broken connection: nothing left to do.
                }
                client = null;
            }
        }
    }
}
