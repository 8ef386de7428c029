package chorus.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What every system test needs to start JVMs: the java command line, free ports, the log and data
 * folders, and a registry of every process started so that none outlives its test (see
 * {@link ProcessGuard}, and a shutdown hook for when the test JVM itself is stopped).
 */
final class Spawn {
    /** One started process and where its output goes. */
    record Spawned(String name, Process process, Path log, boolean classScoped) {
    }

    private static final List<Spawned> SPAWNED = new ArrayList<>();
    private static final Set<Integer> PORTS_HANDED_OUT = new HashSet<>();
    private static volatile boolean inTest;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Spawned spawned : snapshot()) {
                spawned.process().descendants().forEach(ProcessHandle::destroyForcibly);
                spawned.process().destroyForcibly();
            }
        }, "chorus-it-kill-children"));
    }

    private Spawn() {
    }

    /**
     * The command that runs {@code chorus.server.Main} with {@code args}: this JVM's java and test
     * classpath (which holds chorus-server and its dependencies), or {@code -Dchorus.it.classpath}.
     */
    static List<String> javaMain(String maxHeap, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        // Fewer GC threads: several node JVMs share this machine's two cores.
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(classpath());
        command.add("chorus.server.Main");
        command.addAll(List.of(args));
        return command;
    }

    private static String classpath;

    /**
     * The node classpath, with this project's own jars copied once per test run: the shared local
     * Maven repository may be reinstalled by another build while nodes are being restarted, and
     * every node of one run must run the same code.
     */
    private static synchronized String classpath() {
        if (classpath == null) {
            String original = System.getProperty("chorus.it.classpath", System.getProperty("java.class.path"));
            try {
                Path copies = Files.createTempDirectory(logDir().getParent(), "it-classpath-");
                List<String> entries = new ArrayList<>();
                for (String entry : original.split(java.io.File.pathSeparator)) {
                    Path path = Path.of(entry);
                    String name = path.getFileName() == null ? "" : path.getFileName().toString();
                    if (name.startsWith("chorus-") && name.endsWith(".jar") && Files.isRegularFile(path)) {
                        Path copy = copies.resolve(name);
                        Files.copy(path, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        entries.add(copy.toString());
                    } else {
                        entries.add(entry);
                    }
                }
                classpath = String.join(java.io.File.pathSeparator, entries);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the node classpath", e);
            }
        }
        return classpath;
    }

    /** Starts {@code command} with stdout and stderr appended to {@code log}, and registers it. */
    static Process start(String name, List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            String shown = String.join(" ", command).replace(command.get(command.indexOf("-cp") + 1), "<classpath>");
            Files.writeString(log, "---- " + java.time.LocalTime.now() + " " + shown + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            synchronized (SPAWNED) {
                SPAWNED.add(new Spawned(name, process, log, !inTest));
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** What a short-lived command printed (stdout and stderr together) and its exit code. */
    record Finished(int exitCode, String output) {
    }

    /**
     * Runs {@code chorus.server.Main args} to completion, such as {@code status}; fails if it runs
     * longer than {@code timeout}.
     */
    static Finished runMain(String name, java.time.Duration timeout, String... args) {
        Path log = logDir().resolve(name + ".log");
        try {
            Files.deleteIfExists(log);
            Process process = start(name, javaMain("64m", args), log);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not finish within " + timeout.toSeconds() + " s; output:\n"
                        + Files.readString(log));
            }
            String output = Files.readString(log);
            return new Finished(process.exitValue(), output.substring(output.indexOf('\n') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static List<Spawned> snapshot() {
        synchronized (SPAWNED) {
            return List.copyOf(SPAWNED);
        }
    }

    static void setInTest(boolean value) {
        inTest = value;
    }

    /** Kills (SIGKILL) the processes of one scope, their descendants too, and forgets them. */
    static void killAll(boolean classScoped) {
        List<Spawned> victims = new ArrayList<>();
        synchronized (SPAWNED) {
            for (Spawned spawned : SPAWNED) {
                if (spawned.classScoped() == classScoped) {
                    victims.add(spawned);
                }
            }
            SPAWNED.removeAll(victims);
        }
        for (Spawned spawned : victims) {
            spawned.process().descendants().forEach(ProcessHandle::destroyForcibly);
            spawned.process().destroyForcibly();
        }
        for (Spawned spawned : victims) {
            try {
                spawned.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A TCP port nobody listens on at {@code host} right now, never the same one twice in this JVM.
     * It is chosen below Linux's ephemeral range (32768 and up), not by binding port 0: a port from
     * that range can be taken, between choosing it and a node binding it, as the source port of some
     * outgoing connection (a node dialling its peers makes many), and the node then fails to start.
     */
    static int freePort(String host) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(PORT_FLOOR, PORT_CEILING);
            synchronized (PORTS_HANDED_OUT) {
                if (!PORTS_HANDED_OUT.contains(port) && isFree(host, port)) {
                    PORTS_HANDED_OUT.add(port);
                    return port;
                }
            }
        }
        throw new IllegalStateException("no free port on " + host + " in " + PORT_FLOOR + ".." + PORT_CEILING);
    }

    private static final int PORT_FLOOR = 20_000;
    private static final int PORT_CEILING = 32_000;

    /** True if {@code port} can be bound on {@code host} now. */
    static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the tests write node output: {@code target/it-logs}. */
    static Path logDir() {
        return Path.of(System.getProperty("chorus.it.logs", "target/it-logs")).toAbsolutePath();
    }

    /** A new empty folder under {@code target/it-data} for node data. */
    static Path newDataDir(String prefix) {
        try {
            Path root = Path.of(System.getProperty("chorus.it.data", "target/it-data")).toAbsolutePath();
            Files.createDirectories(root);
            return Files.createTempDirectory(root, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder tree, ignoring what cannot be deleted. */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Left for mvn clean.
                }
            });
        } catch (IOException e) {
            // Left for mvn clean.
        }
    }
}
