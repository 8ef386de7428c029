package chorus.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Chorus node as an operator runs it: {@code chorus.server.Main node --config FILE} in its own
 * JVM, output appended to a log file. It can be killed with SIGKILL, stopped with SIGTERM and
 * started again on the same configuration and data directory.
 */
final class NodeProcess {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final String id;
    private final Path configFile;
    private final Path dataDir;
    private final Path log;
    private final int respPort;
    private Process process;
    /** The log's length when the current process started: its READY line comes after it. */
    private long logOffset;

    NodeProcess(String id, Path configFile, Path dataDir, Path log, int respPort) {
        this.id = id;
        this.configFile = configFile;
        this.dataDir = dataDir;
        this.log = log;
        this.respPort = respPort;
        try {
            // A log from an earlier run of the suite would only confuse whoever reads this one.
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM; returns at once (see {@link #awaitReady}). */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(id + " is already running");
        }
        logOffset = logLength();
        process = Spawn.start(id, Spawn.javaMain("192m", "node", "--config", configFile.toString()), log);
    }

    /** Waits until the node prints {@code READY <id>}; fails if it exits first or takes too long. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().lines().anyMatch(line -> line.trim().equals("READY " + id))) {
            if (!process.isAlive()) {
                throw new AssertionError(id + " exited with code " + process.exitValue()
                        + " before printing READY; its output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " did not print READY within " + timeout.toSeconds()
                        + " s; its output:\n" + output());
            }
            sleep(50);
        }
    }

    /** SIGKILL (what {@code kill -9} does): no shutdown hook runs, nothing is flushed. */
    void kill9() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
    }

    /** SIGTERM, as Ctrl-C or a service manager would; SIGKILL if it has not exited in 20 s. */
    void stop() {
        process.destroy();
        if (!waitForExit(Duration.ofSeconds(20))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String id() {
        return id;
    }

    int respPort() {
        return respPort;
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    /** This run's output so far (since the last {@link #start}). */
    String output() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long logLength() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
