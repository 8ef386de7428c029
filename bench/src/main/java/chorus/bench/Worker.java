package chorus.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * One load-generating thread: a selector over a share of the connections, run until every one of
 * them has finished (the run stopped, the budget of requests is spent, or it broke). A few threads
 * drive many connections, so the client stays small next to the servers it shares the machine with.
 */
final class Worker implements Runnable {
    private static final long SELECT_TIMEOUT_MILLIS = 100;

    /** A worker's counts, one {@link PhaseStats} per phase in which batches are sent. */
    static final class Stats {
        final PhaseStats warmup = new PhaseStats(false);
        final PhaseStats measure = new PhaseStats(true);

        PhaseStats of(RunControl.Phase phase) {
            return phase == RunControl.Phase.WARMUP ? warmup : measure;
        }
    }

    private final RunControl control;
    private final List<BenchConnection> connections = new ArrayList<>();
    private final Stats stats = new Stats();
    private final Selector selector;
    private volatile Thread thread;
    private volatile long cpuNanosAtExit = -1;
    private volatile Throwable failure;

    Worker(RunControl control) {
        this.control = control;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Stats stats() {
        return stats;
    }

    void add(BenchConnection connection) throws IOException {
        connection.register(selector);
        connections.add(connection);
    }

    void start(String name) {
        Thread started = new Thread(this, name);
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    @Override
    public void run() {
        try {
            for (BenchConnection connection : connections) {
                connection.sendBatch();
            }
            while (!allFinished()) {
                if (control.aborted()) {
                    for (BenchConnection connection : connections) {
                        connection.lose("NO_REPLY", "the run was stopped while waiting for replies");
                    }
                    break;
                }
                selector.select(SELECT_TIMEOUT_MILLIS);
                for (SelectionKey key : selector.selectedKeys()) {
                    ((BenchConnection) key.attachment()).onReady();
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            for (BenchConnection connection : connections) {
                connection.lose("CLIENT_FAILURE", "the load generator failed: " + e);
            }
        } finally {
            connections.forEach(BenchConnection::close);
            try {
                selector.close();
            } catch (IOException e) {
                // Nothing is left to read from it.
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            cpuNanosAtExit = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        }
    }

    private boolean allFinished() {
        for (BenchConnection connection : connections) {
            if (!connection.finished()) {
                return false;
            }
        }
        return true;
    }

    /** True once the thread has exited (and everything it recorded is visible to the caller). */
    boolean done() {
        return !thread.isAlive();
    }

    boolean join(long millis) throws InterruptedException {
        Thread running = thread;
        running.join(millis);
        return !running.isAlive();
    }

    /** CPU time this thread has used so far (-1 if unknown); after it exits, its total. */
    long cpuNanos() {
        Thread running = thread;
        if (running != null && running.isAlive()) {
            return ManagementFactory.getThreadMXBean().getThreadCpuTime(running.getId());
        }
        return cpuNanosAtExit;
    }

    Throwable failure() {
        return failure;
    }
}
