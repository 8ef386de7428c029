package chorus.core.paxos;

import chorus.core.model.Row;

/**
 * What a SERIAL operation does with the key's current value, decided inside a Paxos round so that
 * no other SERIAL operation on the key can come between the read and the write (D6).
 */
@FunctionalInterface
public interface SerialOperation {
    /**
     * Returns the update to propose (its timestamps are placeholders; the ballot stamps it), or
     * null to change nothing, as a read or a compare-and-set whose condition fails does.
     */
    Row decide(Row current);
}
