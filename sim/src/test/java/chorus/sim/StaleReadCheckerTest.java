package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.ConsistencyLevel;
import chorus.core.topology.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stale-read checker on hand-written histories: it must reject what is wrong and only that. */
class StaleReadCheckerTest {
    private final History history = new History();
    private long nextId;

    private Operation write(int client, String value, long invoke, long complete, Operation.Outcome outcome) {
        Operation operation = new Operation(nextId++, client, Operation.Type.WRITE, "r1", ConsistencyLevel.QUORUM,
                NodeId.of(1), invoke, value);
        operation.completeNanos = outcome == Operation.Outcome.INDETERMINATE ? Long.MAX_VALUE : complete;
        operation.outcome = outcome;
        history.add(operation);
        return operation;
    }

    private void read(int client, String value, long invoke, long complete) {
        Operation operation = new Operation(nextId++, client, Operation.Type.READ, "r1", ConsistencyLevel.QUORUM,
                NodeId.of(2), invoke, null);
        operation.value = value;
        operation.completeNanos = complete;
        operation.outcome = Operation.Outcome.OK;
        history.add(operation);
    }

    private List<String> kinds() {
        return StaleReadChecker.check(history, "r").stream().map(Violation::kind).toList();
    }

    @Test
    void readingTheLatestAcknowledgedWriteIsFine() {
        write(1, "a", 0, 10, Operation.Outcome.OK);
        write(2, "b", 20, 30, Operation.Outcome.OK);
        read(3, "b", 40, 50);
        assertThat(kinds()).isEmpty();
    }

    @Test
    void readingAWriteSupersededBeforeTheReadBeganIsALostWrite() {
        write(1, "a", 0, 10, Operation.Outcome.OK);
        write(2, "b", 20, 30, Operation.Outcome.OK);
        read(3, "a", 40, 50);
        assertThat(kinds()).containsExactly("lost-write");
    }

    @Test
    void aClientThatMissesItsOwnWriteBreaksReadYourWrites() {
        write(1, "a", 0, 10, Operation.Outcome.OK);
        write(2, "b", 20, 30, Operation.Outcome.OK);
        read(2, "a", 40, 50);
        assertThat(kinds()).containsExactly("read-your-writes");
    }

    @Test
    void concurrentWritesMayBeReadInEitherOrder() {
        write(1, "a", 0, 30, Operation.Outcome.OK);
        write(2, "b", 10, 20, Operation.Outcome.OK);
        read(3, "a", 40, 50);
        read(3, "a", 60, 70);
        assertThat(kinds()).isEmpty();
    }

    @Test
    void aWriteWithAnUnknownOutcomeMayAppearLate() {
        write(1, "a", 0, 0, Operation.Outcome.INDETERMINATE);
        write(2, "b", 20, 30, Operation.Outcome.OK);
        read(3, "a", 40, 50);
        assertThat(kinds()).isEmpty();
    }

    @Test
    void aValueReadAtQuorumMustNotDisappear() {
        write(1, "a", 0, 10, Operation.Outcome.OK);
        write(2, "b", 20, 0, Operation.Outcome.INDETERMINATE);
        read(3, "b", 40, 50);
        read(4, "a", 60, 70);
        assertThat(kinds()).containsExactly("value-disappeared");
    }

    @Test
    void aRejectedWriteMustNeverBeRead() {
        write(1, "a", 0, 10, Operation.Outcome.FAILED);
        read(3, "a", 40, 50);
        assertThat(kinds()).containsExactly("phantom-read");
    }

    @Test
    void anAbsentKeyAfterAnAcknowledgedWriteIsALostWrite() {
        write(1, "a", 0, 10, Operation.Outcome.OK);
        read(3, null, 40, 50);
        assertThat(kinds()).containsExactly("lost-write");
    }

    @Test
    void aValueFromAWriteInvokedAfterTheReadEndedIsImpossible() {
        read(3, "a", 0, 10);
        write(1, "a", 20, 30, Operation.Outcome.OK);
        assertThat(kinds()).containsExactly("read-from-future");
    }
}
