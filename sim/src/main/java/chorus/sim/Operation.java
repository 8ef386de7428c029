package chorus.sim;

import chorus.api.ConsistencyLevel;
import chorus.core.topology.NodeId;

/**
 * One client operation as the client saw it: what it asked, through which node, when it started
 * and ended (simulated time), and how it ended. Written values are unique in a run, so a read's
 * value names the write it came from.
 */
public final class Operation {
    /** How an operation ended, from the client's point of view. */
    public enum Outcome {
        /** Not finished yet. */
        PENDING,
        /** Succeeded at its level. */
        OK,
        /** Definitely not applied (rejected before anything was sent: UNAVAILABLE, OVERLOADED). */
        FAILED,
        /** May or may not have been applied (TIMEOUT, or no answer at all). */
        INDETERMINATE
    }

    /** READ and WRITE at any level; CAS (compare-and-set) always at SERIAL. */
    public enum Type { READ, WRITE, CAS }

    final long id;
    final int client;
    final Type type;
    final String key;
    final ConsistencyLevel level;
    final NodeId coordinator;
    final long invokeNanos;
    /** The value written, or the value read (null: the key was absent). */
    String value;
    long completeNanos = Long.MAX_VALUE;
    Outcome outcome = Outcome.PENDING;
    String error;
    /** For CAS: the value it required (null: the key must be absent), and whether it applied. */
    String expected;
    boolean applied;
    /** For CAS: the value the key held when it took effect. */
    String observed;

    Operation(long id, int client, Type type, String key, ConsistencyLevel level, NodeId coordinator, long invokeNanos,
              String value) {
        this.id = id;
        this.client = client;
        this.type = type;
        this.key = key;
        this.level = level;
        this.coordinator = coordinator;
        this.invokeNanos = invokeNanos;
        this.value = value;
    }

    /** Acknowledged at QUORUM or ALL: the writes whose loss the checkers look for. */
    boolean isStrong() {
        return level == ConsistencyLevel.QUORUM || level == ConsistencyLevel.ALL;
    }

    @Override
    public String toString() {
        String span = String.format("[%.6fs..%s]", invokeNanos / 1e9,
                completeNanos == Long.MAX_VALUE ? "?" : String.format("%.6fs", completeNanos / 1e9));
        return "op" + id + " client" + client + " " + type + " " + key + " " + level + " via " + coordinator + " "
                + span + " " + outcome + (type == Type.CAS ? " expected=" + expected + " applied=" + applied
                + " observed=" + observed : "") + " value=" + value + (error != null ? " error=" + error : "");
    }
}
