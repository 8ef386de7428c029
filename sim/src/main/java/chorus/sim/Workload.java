package chorus.sim;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.api.ErrorCode;
import chorus.core.model.Cell;
import chorus.core.model.ColumnKind;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.Keyspace;
import chorus.core.node.Node;
import chorus.core.replication.ReadResult;
import chorus.core.replication.WriteResult;
import java.util.SplittableRandom;

/**
 * Clients that write and read random keys through random live nodes at chosen levels, one
 * operation at a time each, with think time between. Keys named {@code r*} are written only at
 * QUORUM or ALL, so the stale-read checker applies to them; keys named {@code f*} are also written
 * at ONE. A few keys are hot, so operations on one key overlap.
 */
final class Workload {
    static final String CHECKED_PREFIX = "r";
    static final String SERIAL_PREFIX = "s";
    static final int SERIAL_KEYS = 3;
    private static final Bytes STRING_COLUMN = Cell.column(ColumnKind.STRING, Bytes.EMPTY);

    private final Simulation simulation;
    private final Cluster cluster;
    private final SplittableRandom random;
    private final History history;
    private final int clients;
    private final int keysPerKind;
    private final long clientTimeoutNanos;
    private long nextOperationId;
    private final java.util.Map<String, String> lastSeen = new java.util.HashMap<>();
    private boolean issuing;
    private int inFlight;

    Workload(Simulation simulation, Cluster cluster, SplittableRandom random, History history, int clients, int keysPerKind) {
        this.simulation = simulation;
        this.cluster = cluster;
        this.random = random;
        this.history = history;
        this.clients = clients;
        this.keysPerKind = keysPerKind;
        this.clientTimeoutNanos = 10_000_000_000L;
    }

    void start() {
        issuing = true;
        for (int client = 0; client < clients; client++) {
            int id = client;
            simulation.schedule(random.nextLong(50_000_000), () -> issue(id));
        }
    }

    void stopIssuing() {
        issuing = false;
    }

    boolean idle() {
        return inFlight == 0;
    }

    static String value(Row row) {
        Cell cell = row.cells().get(STRING_COLUMN);
        return cell == null || cell.isTombstone() ? null : cell.value().utf8();
    }

    private void issue(int client) {
        if (!issuing) {
            return;
        }
        SimNode coordinator = cluster.randomUpNode(random);
        if (coordinator == null) {
            simulation.schedule(100_000_000, () -> issue(client));
            return;
        }
        if (random.nextInt(100) < 15) {
            issueSerial(client, coordinator);
            return;
        }
        boolean checked = random.nextInt(10) < 6;
        String key = (checked ? CHECKED_PREFIX : "f") + (random.nextBoolean() ? random.nextInt(2) : random.nextInt(keysPerKind));
        boolean write = random.nextBoolean();
        Operation operation = new Operation(nextOperationId++, client, write ? Operation.Type.WRITE : Operation.Type.READ,
                key, write ? writeLevel(checked) : readLevel(), coordinator.id(), simulation.nowNanos(),
                write ? "c" + client + "-" + nextOperationId : null);
        history.add(operation);
        inFlight++;
        Node node = coordinator.node();
        RowKey rowKey = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8(key));
        if (write) {
            Row row = Row.set(Bytes.utf8(operation.value), 0);
            node.write(new Mutation(rowKey, row), operation.level, result -> onWritten(operation, result));
        } else {
            node.read(rowKey, operation.level, result -> onRead(operation, result));
        }
        scheduleClientTimeout(operation);
    }

    private void scheduleClientTimeout(Operation operation) {
        simulation.schedule(clientTimeoutNanos, () -> {
            if (operation.outcome == Operation.Outcome.PENDING) {
                operation.outcome = Operation.Outcome.INDETERMINATE;
                operation.error = "no answer within the client's timeout";
                finish(operation);
            }
        });
    }

    /**
     * A SERIAL read, write or compare-and-set on one of a few hot keys. A CAS expects the value
     * this client last saw on the key, so it often succeeds and sometimes races another client.
     */
    private void issueSerial(int client, SimNode coordinator) {
        String key = SERIAL_PREFIX + random.nextInt(SERIAL_KEYS);
        int dice = random.nextInt(10);
        Operation.Type type = dice < 3 ? Operation.Type.READ : dice < 5 ? Operation.Type.WRITE : Operation.Type.CAS;
        String value = type == Operation.Type.READ ? null : "c" + client + "-" + (nextOperationId + 1);
        Operation operation = new Operation(nextOperationId++, client, type, key, ConsistencyLevel.SERIAL, coordinator.id(),
                simulation.nowNanos(), value);
        history.add(operation);
        inFlight++;
        RowKey rowKey = new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8(key));
        Node node = coordinator.node();
        switch (type) {
            case READ -> node.read(rowKey, ConsistencyLevel.SERIAL, result -> onRead(operation, result));
            case WRITE -> node.write(new Mutation(rowKey, Row.set(Bytes.utf8(value), 0)),
                    ConsistencyLevel.SERIAL, result -> onWritten(operation, result));
            case CAS -> {
                String expected = lastSeen.get(client + "/" + key);
                operation.expected = expected;
                node.serial(rowKey, current -> java.util.Objects.equals(value(current), expected)
                        ? Row.set(Bytes.utf8(value), 0) : null,
                        result -> onCas(operation, result));
            }
        }
        scheduleClientTimeout(operation);
    }

    private void onCas(Operation operation, chorus.core.paxos.SerialResult result) {
        if (operation.outcome != Operation.Outcome.PENDING) {
            return;
        }
        operation.completeNanos = simulation.nowNanos();
        if (result instanceof chorus.core.paxos.SerialResult.Success success) {
            operation.outcome = Operation.Outcome.OK;
            operation.applied = success.applied();
            operation.observed = value(success.current());
        } else {
            chorus.core.paxos.SerialResult.Failed failed = (chorus.core.paxos.SerialResult.Failed) result;
            boolean unknown = failed.code() == ErrorCode.TIMEOUT && !failed.message().endsWith("it was not applied");
            operation.outcome = unknown ? Operation.Outcome.INDETERMINATE : Operation.Outcome.FAILED;
            operation.error = failed.code() + " " + failed.message();
            if (operation.outcome == Operation.Outcome.INDETERMINATE) {
                operation.completeNanos = Long.MAX_VALUE;
            }
        }
        finish(operation);
    }

    private void onWritten(Operation operation, WriteResult result) {
        if (operation.outcome != Operation.Outcome.PENDING) {
            return;
        }
        operation.completeNanos = simulation.nowNanos();
        if (result instanceof WriteResult.Failed failed) {
            boolean unknown = failed.code() == ErrorCode.TIMEOUT && !failed.message().endsWith("it was not applied");
            operation.outcome = unknown ? Operation.Outcome.INDETERMINATE : Operation.Outcome.FAILED;
            operation.error = failed.code() + " " + failed.message();
            if (operation.outcome == Operation.Outcome.INDETERMINATE) {
                operation.completeNanos = Long.MAX_VALUE;
            }
        } else {
            operation.outcome = Operation.Outcome.OK;
        }
        finish(operation);
    }

    private void onRead(Operation operation, ReadResult result) {
        if (operation.outcome != Operation.Outcome.PENDING) {
            return;
        }
        operation.completeNanos = simulation.nowNanos();
        if (result instanceof ReadResult.Success success) {
            operation.outcome = Operation.Outcome.OK;
            operation.value = value(success.row());
        } else {
            ReadResult.Failed failed = (ReadResult.Failed) result;
            operation.outcome = Operation.Outcome.FAILED;
            operation.error = failed.code() + " " + failed.message();
        }
        finish(operation);
    }

    private void finish(Operation operation) {
        inFlight--;
        if (operation.key.startsWith(SERIAL_PREFIX) && operation.outcome == Operation.Outcome.OK) {
            String seen = operation.type == Operation.Type.READ ? operation.value
                    : operation.type == Operation.Type.WRITE || operation.applied ? operation.value : operation.observed;
            lastSeen.put(operation.client + "/" + operation.key, seen);
        }
        cluster.trace().line(operation.key, operation::toString);
        cluster.trace().mix(operation.id);
        cluster.trace().mix(operation.outcome.ordinal());
        long think = 5_000_000 + random.nextLong(45_000_000);
        simulation.schedule(think, () -> issue(operation.client));
    }

    private ConsistencyLevel writeLevel(boolean checked) {
        int dice = random.nextInt(10);
        if (checked) {
            return dice < 8 ? ConsistencyLevel.QUORUM : ConsistencyLevel.ALL;
        }
        return dice < 3 ? ConsistencyLevel.ONE : dice < 8 ? ConsistencyLevel.QUORUM : ConsistencyLevel.ALL;
    }

    private ConsistencyLevel readLevel() {
        int dice = random.nextInt(20);
        return dice < 4 ? ConsistencyLevel.ONE : dice < 17 ? ConsistencyLevel.QUORUM : ConsistencyLevel.ALL;
    }
}
