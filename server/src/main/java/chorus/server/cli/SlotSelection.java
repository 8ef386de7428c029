package chorus.server.cli;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The slots an operator names on the command line: {@code 0-16383}, {@code 7}, or a comma-separated
 * mix such as {@code 0-99,500,1000-1999}. Kept as ascending, distinct slots, and cut into contiguous
 * ranges of at most a given size, because CHORUS REPAIR and CHORUS DIGEST take one range per call
 * and a tool shows progress between calls.
 */
public final class SlotSelection {
    public static final int SLOT_COUNT = 16384;

    private final BitSet slots;

    private SlotSelection(BitSet slots) {
        this.slots = slots;
    }

    /** One inclusive range of slots. */
    public record Range(int from, int to) {
        public int size() {
            return to - from + 1;
        }
    }

    /** Parses {@code text}; a mistake is an {@link IllegalArgumentException} whose message is one line for the operator. */
    public static SlotSelection parse(String text) {
        BitSet slots = new BitSet(SLOT_COUNT);
        for (String part : text.split(",", -1)) {
            String item = part.trim();
            int dash = item.indexOf('-');
            int from = slot(dash < 0 ? item : item.substring(0, dash), text);
            int to = dash < 0 ? from : slot(item.substring(dash + 1), text);
            if (to < from) {
                throw new IllegalArgumentException("--slots " + text + ": range " + item + " runs backwards");
            }
            slots.set(from, to + 1);
        }
        return new SlotSelection(slots);
    }

    private static int slot(String text, String whole) {
        try {
            int slot = Integer.parseInt(text.trim());
            if (slot >= 0 && slot < SLOT_COUNT) {
                return slot;
            }
        } catch (NumberFormatException e) {
            // Reported below with what is valid.
        }
        throw new IllegalArgumentException("--slots " + whole + " is invalid (expected: slots 0.." + (SLOT_COUNT - 1)
                + " as a list of N or FROM-TO, such as 0-16383 or 0-99,500)");
    }

    public int count() {
        return slots.cardinality();
    }

    /** Contiguous ranges of at most {@code maxSize} slots, ascending. */
    public List<Range> ranges(int maxSize) {
        List<Range> ranges = new ArrayList<>();
        for (int from = slots.nextSetBit(0); from >= 0; ) {
            int end = slots.nextClearBit(from);
            for (int start = from; start < end; start += maxSize) {
                ranges.add(new Range(start, Math.min(end, start + maxSize) - 1));
            }
            from = slots.nextSetBit(end);
        }
        return ranges;
    }
}
