package chorus.sim.linearizability;

/**
 * Per value, how many operations not yet linearized need the register to hold it (completed reads that
 * returned it, completed CAS that applied expecting it) and how many could still write it. Lets the
 * search see at once that a choice stranded a read: if the register leaves value {@code v} while some
 * pending operation needs {@code v} and nothing left can write {@code v} again, that operation can
 * never be placed, however the search continues. Without this, the dead end would only show at the
 * stranded operation's completion, after exploring every interleaving of the operations before it.
 */
final class PendingNeeds {
    private final EncodedHistory history;
    private final int[] needers;
    private final int[] writers;

    PendingNeeds(EncodedHistory history) {
        this.history = history;
        this.needers = new int[history.valueCount];
        this.writers = new int[history.valueCount];
        for (int operation = 0; operation < history.size(); operation++) {
            add(operation, 1);
        }
    }

    /** Records that the operation was linearized. */
    void place(int operation) {
        add(operation, -1);
    }

    /** Undoes {@link #place}. */
    void unplace(int operation) {
        add(operation, 1);
    }

    /**
     * Whether linearizing {@code operation} next, taking the register from {@code before} to
     * {@code after}, leaves some other pending operation needing {@code before} with no writer left.
     */
    boolean strands(int operation, int before, int after) {
        if (after == before) {
            return false;
        }
        int othersNeeding = needers[before] - (history.needs(operation) == before ? 1 : 0);
        return othersNeeding > 0 && writers[before] == 0;
    }

    private void add(int operation, int delta) {
        int needed = history.needs(operation);
        if (needed >= 0) {
            needers[needed] += delta;
        }
        int written = history.writes(operation);
        if (written >= 0) {
            writers[written] += delta;
        }
    }
}
