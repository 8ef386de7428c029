package chorus.sim.linearizability;

import java.util.Arrays;

/**
 * The key of a memoized search state in {@link VisitedStates}: which completed operations are
 * linearized, and the register's (encoded) value after them.
 *
 * <p>Operations are numbered by invocation, and at any point of the search nearly all operations
 * before some index are linearized and nearly none after a window; so the set is stored as the number
 * of leading all-ones words plus the words after them, which keeps a state tens of bytes long in a
 * history of thousands of operations. The representation is unique, so equality compares it directly.
 */
final class SearchState {
    private final int registerState;
    private final int fullWords;
    private final long[] rest;
    private final int hash;

    private SearchState(int registerState, int fullWords, long[] rest) {
        this.registerState = registerState;
        this.fullWords = fullWords;
        this.rest = rest;
        this.hash = 31 * (31 * registerState + fullWords) + Arrays.hashCode(rest);
    }

    /** The state of {@code linearized} (a bit set in {@code long} words) and {@code registerState}. */
    static SearchState of(long[] linearized, int registerState) {
        int fullWords = 0;
        while (fullWords < linearized.length && linearized[fullWords] == -1L) {
            fullWords++;
        }
        int end = linearized.length;
        while (end > fullWords && linearized[end - 1] == 0L) {
            end--;
        }
        return new SearchState(registerState, fullWords, Arrays.copyOfRange(linearized, fullWords, end));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SearchState that && registerState == that.registerState
                && fullWords == that.fullWords && Arrays.equals(rest, that.rest);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
