package chorus.sim.linearizability;

import static java.util.Objects.requireNonNull;

/**
 * One client operation on a single-key register, as the client saw it: what it asked, when it
 * started and ended, and what came back. Values are strings; {@code null} means the key is absent.
 *
 * <ul>
 *   <li>{@link Kind#READ}: {@code result} is the value read.</li>
 *   <li>{@link Kind#WRITE}: {@code argument} is the new value; a null argument deletes the key.</li>
 *   <li>{@link Kind#CAS}: sets {@code argument} only if the register holds {@code expected}
 *       ({@code expected == null} means "only if absent", i.e. {@code SET NX}; a null argument is
 *       {@code DELIFEQ}); {@code applied} says whether the client was told it took effect.</li>
 * </ul>
 *
 * <p>Times are nanoseconds on one clock shared by all clients (simulated time). Operations whose
 * intervals touch or overlap are concurrent: {@code a} precedes {@code b} only if
 * {@code a.completeNanos < b.invokeNanos}. An {@link Outcome#INDETERMINATE} operation never
 * completed, so its {@code completeNanos} is normalized to {@link Long#MAX_VALUE} (+infinity) and it
 * carries no result; a {@link Outcome#FAILED} one carries none either.
 */
public record RegisterOperation(long id, int client, Kind kind, String argument, String expected, long invokeNanos,
                                long completeNanos, Outcome outcome, String result, boolean applied) {
    /** What the client asked for. */
    public enum Kind { READ, WRITE, CAS }

    /** How the operation ended, from the client's point of view. */
    public enum Outcome {
        /** Completed; {@code result} and {@code applied} are what the client was told. */
        OK,
        /** No answer or a timeout: it may have taken effect at any time after its invocation, or never. */
        INDETERMINATE,
        /** Definitely did not take effect (rejected before anything was sent); the checker drops it. */
        FAILED
    }

    public RegisterOperation {
        requireNonNull(kind, "kind is null");
        requireNonNull(outcome, "outcome is null");
        if (outcome == Outcome.INDETERMINATE) {
            // A timeout's recorded end says nothing about when the operation took effect, if ever.
            completeNanos = Long.MAX_VALUE;
        }
        check(completeNanos >= invokeNanos, "completes at %d before its invocation at %d", completeNanos, invokeNanos);
        check(kind != Kind.READ || argument == null, "a READ has no argument (got %s)", argument);
        check(kind == Kind.CAS || expected == null, "only a CAS has an expected value (got %s)", expected);
        check(kind == Kind.READ || result == null, "only a READ has a result (got %s)", result);
        check(kind == Kind.CAS || !applied, "only a CAS reports whether it applied");
        check(outcome == Outcome.OK || (result == null && !applied),
                "an operation that did not complete has no result");
    }

    /** A read that completed and saw {@code result} (null: absent). */
    public static RegisterOperation read(long id, int client, long invokeNanos, long completeNanos, String result) {
        return new RegisterOperation(id, client, Kind.READ, null, null, invokeNanos, completeNanos, Outcome.OK, result,
                false);
    }

    /** An acknowledged write of {@code value} (null: delete). */
    public static RegisterOperation write(long id, int client, long invokeNanos, long completeNanos, String value) {
        return new RegisterOperation(id, client, Kind.WRITE, value, null, invokeNanos, completeNanos, Outcome.OK, null,
                false);
    }

    /** A completed compare-and-set from {@code expected} to {@code value} that reported {@code applied}. */
    public static RegisterOperation cas(long id, int client, long invokeNanos, long completeNanos, String expected,
                                        String value, boolean applied) {
        return new RegisterOperation(id, client, Kind.CAS, value, expected, invokeNanos, completeNanos, Outcome.OK,
                null, applied);
    }

    /** This operation with its answer lost: it timed out and may or may not have taken effect. */
    public RegisterOperation indeterminate() {
        return new RegisterOperation(id, client, kind, argument, expected, invokeNanos, Long.MAX_VALUE,
                Outcome.INDETERMINATE, null, false);
    }

    /** This operation rejected before it was sent: it definitely did not take effect. */
    public RegisterOperation failed() {
        return new RegisterOperation(id, client, kind, argument, expected, invokeNanos, completeNanos, Outcome.FAILED,
                null, false);
    }

    boolean isIndeterminate() {
        return outcome == Outcome.INDETERMINATE;
    }

    /** Renders a register value the way redis-cli would: quoted, or nil when absent. */
    static String show(String value) {
        return value == null ? "nil" : '"' + value + '"';
    }

    private static String showNanos(long nanos) {
        return String.format("%.6fs", nanos / 1e9);
    }

    /** For example {@code op7 client2 CAS "a"->"b" applied [0.000010s..0.000020s]}. */
    @Override
    public String toString() {
        String what = switch (kind) {
            case READ -> outcome == Outcome.OK ? "READ -> " + show(result) : "READ";
            case WRITE -> argument == null ? "DELETE" : "WRITE " + show(argument);
            case CAS -> "CAS " + show(expected) + "->" + show(argument)
                    + (outcome == Outcome.OK ? (applied ? " applied" : " not applied") : "");
        };
        String end = outcome == Outcome.INDETERMINATE ? "never answered" : showNanos(completeNanos);
        String ending = outcome == Outcome.OK ? "" : " " + outcome;
        return "op" + id + " client" + client + " " + what + " [" + showNanos(invokeNanos) + ".." + end + "]" + ending;
    }

    private static void check(boolean condition, String format, Object... arguments) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, arguments));
        }
    }
}
