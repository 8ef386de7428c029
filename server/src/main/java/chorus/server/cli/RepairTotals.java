package chorus.server.cli;

import java.util.Map;

/**
 * What {@code chorus repair} has achieved so far, summed over the CHORUS REPAIR replies of its
 * chunks, with the reason the first failed slot gave.
 */
record RepairTotals(int slotsDone, int slotsInSync, int slotsFailed, long rowsStreamed, long bytesStreamed,
                    String firstFailure) {
    static final RepairTotals NONE = new RepairTotals(0, 0, 0, 0, 0, "");

    /** These totals plus one CHORUS REPAIR reply (its fields by name). */
    RepairTotals plus(Map<String, String> reply) {
        String failure = reply.getOrDefault("first_failure", "");
        return new RepairTotals(slotsDone + integer(reply, "slots_done"), slotsInSync + integer(reply, "slots_in_sync"),
                slotsFailed + integer(reply, "slots_failed"), rowsStreamed + number(reply, "rows_streamed"),
                bytesStreamed + number(reply, "bytes_streamed"), firstFailure.isEmpty() ? failure : firstFailure);
    }

    /** These totals with {@code slots} more failed for {@code reason} (a chunk no coordinator could run). */
    RepairTotals failed(int slots, String reason) {
        return new RepairTotals(slotsDone, slotsInSync, slotsFailed + slots, rowsStreamed, bytesStreamed,
                firstFailure.isEmpty() ? reason : firstFailure);
    }

    private static int integer(Map<String, String> reply, String name) {
        return (int) number(reply, name);
    }

    private static long number(Map<String, String> reply, String name) {
        try {
            return Long.parseLong(reply.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
