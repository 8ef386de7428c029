package chorus.sim.linearizability;

/**
 * The sequential specification of a register: what each operation does to the value, and whether
 * what its client saw is possible from a given value. Pure functions over encoded values.
 */
final class RegisterModel {
    /** Returned by {@link #step} when the operation, with what its client saw, cannot happen here. */
    static final int IMPOSSIBLE = -1;

    private RegisterModel() {
    }

    /**
     * The register's value after operation {@code operation} takes effect on {@code state}, or
     * {@link #IMPOSSIBLE}. An indeterminate operation carries no answer, so it is possible anywhere;
     * an indeterminate CAS applies exactly when the register holds its expected value.
     */
    static int step(EncodedHistory history, int operation, int state) {
        int argument = history.arguments[operation];
        return switch (history.kinds[operation]) {
            case READ -> history.results[operation] == state ? state : IMPOSSIBLE;
            case WRITE -> argument;
            case CAS -> {
                boolean holdsExpected = state == history.expecteds[operation];
                if (history.isIndeterminate(operation)) {
                    yield holdsExpected ? argument : state;
                }
                if (history.applieds[operation]) {
                    yield holdsExpected ? argument : IMPOSSIBLE;
                }
                yield holdsExpected ? IMPOSSIBLE : state;
            }
        };
    }
}
