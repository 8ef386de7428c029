package chorus.it;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.sim.linearizability.LinearizabilityChecker;
import chorus.sim.linearizability.LinearizabilityResult;
import chorus.sim.linearizability.RegisterOperation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Compare-and-set through Paxos with real processes (issue 7): ten clients increment one counter
 * key with {@code SET key n+1 IFEQ n} through different nodes while one node is killed and
 * restarted. The final value must count exactly the increments that took effect, and the history
 * the clients recorded must be linearizable.
 */
@ExtendWith(ProcessGuard.class)
@Timeout(240)
class SerialCasIT {
    private static final String KEY = "cas-counter";
    private static final int CLIENTS = 10;
    /** The kill comes after this much running, and the restart as long again after it. */
    private static final Duration PHASE = Duration.ofSeconds(3);
    /** After the restart, run until this many increments applied (bounded by RUN_MAX). */
    private static final int APPLIED_TARGET = 40;
    private static final Duration RUN_MAX = Duration.ofSeconds(60);

    private final List<RegisterOperation> history = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nextId = new AtomicLong();
    private final java.util.Map<String, Integer> errors = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void ifeqIncrementsThroughEveryNodeCountExactlyOnceAcrossAKillAndARestart() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(3)) {
            long started = System.nanoTime();
            List<Thread> clients = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                int port = cluster.respPort(1 + client % 3);
                Thread thread = new Thread(() -> incrementUntilStopped(id, port), "cas-client-" + client);
                thread.start();
                clients.add(thread);
            }
            Thread.sleep(PHASE.toMillis());
            cluster.node(2).kill9();
            Thread.sleep(PHASE.toMillis());
            cluster.restart(2);
            // The machine may be busy: run until enough work was done, not for a fixed time.
            while (appliedCount() < APPLIED_TARGET && System.nanoTime() - started < RUN_MAX.toNanos()) {
                Thread.sleep(100);
            }
            stopped = true;
            for (Thread thread : clients) {
                thread.join();
            }
            cluster.awaitMembersUp();

            long finalValue;
            try (Resp resp = Resp.connect(cluster.respPort(3))) {
                assertThat(resp.call("CONSISTENCY", "READ", "SERIAL")).isEqualTo("OK");
                long invoke = System.nanoTime();
                Object value = resp.call("GET", KEY);
                history.add(RegisterOperation.read(nextId.getAndIncrement(), -1, invoke, System.nanoTime(), (String) value));
                finalValue = value == null ? 0 : Long.parseLong((String) value);
            }

            long applied = appliedCount();
            long unknown = count(operation -> operation.kind() == RegisterOperation.Kind.CAS
                    && operation.outcome() == RegisterOperation.Outcome.INDETERMINATE);
            System.out.printf("SerialCasIT: final value %d, %d increments applied, %d outcomes unknown, %d operations%n",
                    finalValue, applied, unknown, history.size());
            errors.forEach((message, count) -> System.out.printf("SerialCasIT: %5d x %s%n", count, message));
            assertThat(applied).as("the run did real work").isGreaterThanOrEqualTo(10);
            assertThat(finalValue).isBetween(applied, applied + unknown);

            LinearizabilityResult result = new LinearizabilityChecker().check(List.copyOf(history));
            assertThat(result).as("%s", result).isInstanceOf(LinearizabilityResult.Linearizable.class);
        }
    }

    private volatile boolean stopped;

    private long appliedCount() {
        return count(operation -> operation.kind() == RegisterOperation.Kind.CAS
                && operation.outcome() == RegisterOperation.Outcome.OK && operation.applied());
    }

    private long count(java.util.function.Predicate<RegisterOperation> filter) {
        synchronized (history) {
            return history.stream().filter(filter).count();
        }
    }

    /** Read at SERIAL, then SET n+1 IFEQ n; reconnect after a connection breaks (the node was killed). */
    private void incrementUntilStopped(int client, int port) {
        while (!stopped) {
            try (Resp resp = Resp.connect(port, Duration.ofSeconds(8))) {
                if (!"OK".equals(resp.call("CONSISTENCY", "READ", "SERIAL", "WRITE", "SERIAL"))) {
                    throw new IOException("CONSISTENCY refused");
                }
                while (!stopped) {
                    String current = read(resp, client);
                    if (current != null) {
                        increment(resp, client, current);
                    }
                }
            } catch (IOException e) {
                sleepQuietly(200); // The node is down or restarting: try again.
            }
        }
    }

    private String read(Resp resp, int client) throws IOException {
        long invoke = System.nanoTime();
        Object reply = resp.call("GET", KEY);
        if (reply instanceof Resp.Err) {
            return null; // A failed read says nothing about the register.
        }
        history.add(RegisterOperation.read(nextId.getAndIncrement(), client, invoke, System.nanoTime(), (String) reply));
        return reply == null ? "0" : (String) reply;
    }

    private void increment(Resp resp, int client, String current) throws IOException {
        String expected = current.equals("0") ? null : current;
        String next = Long.toString(Long.parseLong(current) + 1);
        long id = nextId.getAndIncrement();
        long invoke = System.nanoTime();
        Object reply;
        try {
            reply = expected == null ? resp.call("SET", KEY, next, "NX") : resp.call("SET", KEY, next, "IFEQ", expected);
        } catch (IOException e) {
            history.add(RegisterOperation.cas(id, client, invoke, invoke, expected, next, false).indeterminate());
            throw e;
        }
        long complete = System.nanoTime();
        if (reply instanceof Resp.Err err) {
            errors.merge(err.message().replaceAll("[0-9]+", "N").replaceAll("\"[^\"]*\"", "K"), 1, Integer::sum);
            boolean unknown = err.message().contains("may or may not have been applied");
            RegisterOperation operation = RegisterOperation.cas(id, client, invoke, complete, expected, next, false);
            history.add(unknown ? operation.indeterminate() : operation.failed());
        } else {
            history.add(RegisterOperation.cas(id, client, invoke, complete, expected, next, "OK".equals(reply)));
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
