package chorus.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node process started by {@code chorus local}: the same Java and classpath as this process,
 * its output (stdout and stderr) streamed line by line with a {@code [n1]} prefix.
 */
final class ChildNode {
    private final String id;
    private final Process process;
    private Thread pump;

    private ChildNode(String id, Process process) {
        this.id = id;
        this.process = process;
    }

    static ChildNode start(String id, Path configFile, PrintStream out) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        String io = System.getProperty("chorus.io");
        if (io != null) {
            command.add("-Dchorus.io=" + io); // The parent's choice of Netty I/O holds for its nodes too.
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("chorus.server.Main");
        command.add("node");
        command.add("--config");
        command.add(configFile.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(NodeCommand.PARENT_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
        ChildNode child = new ChildNode(id, builder.start());
        child.pump = new Thread(() -> child.pump(out), "chorus-local-" + id);
        child.pump.setDaemon(true);
        child.pump.start();
        return child;
    }

    private void pump(PrintStream out) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.println("[" + id + "] " + line);
            }
        } catch (IOException e) {
            // The child is gone; its exit is reported by whoever waits for it.
        }
    }

    String id() {
        return id;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /**
     * Sends SIGTERM through the process handle: {@link Process#destroy()} would also close our end of
     * the child's output pipe, losing its shutdown log and making its writes fail.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /**
     * SIGTERM, then SIGKILL if it has not exited after {@code graceSeconds}; then waits briefly for
     * its last output lines to be copied.
     */
    void stop(long graceSeconds) {
        try {
            if (process.isAlive()) {
                terminate();
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            pump.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
