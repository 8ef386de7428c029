package chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.model.Row;
import chorus.core.port.StorageResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes, killed with SIGKILL: what only a separate JVM can show. Acknowledged writes
 * survive the kill and batches are never torn; the directory lock names its holder's directory
 * while the holder lives and is released by its death.
 */
class ProcessCrashTest {
    @TempDir
    Path directory;

    private final ExecutorService nodeThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "node"));
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        nodeThread.shutdownNow();
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyAcknowledgedApplySurvivesKillMinus9() throws Exception {
        Path data = directory.resolve("data");
        Process child = start("write", data.toString(), "100000000");
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Set<Integer> acknowledged = new TreeSet<>();
        while (acknowledged.size() < 2_000) {
            acknowledge(acknowledged, output.readLine(), child);
        }
        // SIGKILL: no shutdown hook, no close, mid-stream. Through the handle, because Process.destroyForcibly
        // also closes our end of the pipe and would drop acknowledgements printed but not yet read.
        assertThat(child.toHandle().destroyForcibly()).isTrue();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            acknowledge(acknowledged, line, child); // Printed before the kill, read after it.
        }
        assertThat(child.exitValue()).isEqualTo(137);

        int lost = 0;
        int unacknowledgedPresent = 0;
        int highest = ((TreeSet<Integer>) acknowledged).last();
        try (RocksDbStorageEngine engine = new RocksDbStorageEngine(data, SyncMode.ALWAYS, nodeThread)) {
            for (int i = 0; i <= highest + 200; i++) {
                Row a = read(engine, i, "a");
                Row b = read(engine, i, "b");
                assertThat(a).as("the two halves of batch %d", i).isEqualTo(b);
                if (acknowledged.contains(i) && !a.equals(StorageChild.row(i))) {
                    lost++;
                } else if (!acknowledged.contains(i) && !a.isEmpty()) {
                    unacknowledgedPresent++;
                }
            }
        }
        System.out.printf("kill -9: acknowledged=%d lost=%d present-but-unacknowledged=%d%n",
                acknowledged.size(), lost, unacknowledgedPresent);
        assertThat(lost).isZero();
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void directoryLockedByAnotherProcessIsNamedAndFreedWhenItDies() throws Exception {
        Path data = directory.resolve("data");
        Process holder = start("hold", data.toString());
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(output.readLine()).as("holder's first line; stderr: %s", stderr()).isEqualTo("OPEN");

        assertThatThrownBy(() -> new RocksDbStorageEngine(data, SyncMode.ALWAYS, nodeThread))
                .isInstanceOf(StorageOpenException.class)
                .hasMessageStartingWith("data directory " + data.toAbsolutePath() + " is locked by another Chorus process");

        holder.destroyForcibly();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        new RocksDbStorageEngine(data, SyncMode.ALWAYS, nodeThread).close();
    }

    private Process start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), StorageChild.class.getName()));
        command.addAll(List.of(arguments));
        Process child = new ProcessBuilder(command).redirectError(directory.resolve("child.err").toFile()).start();
        children.add(child);
        return child;
    }

    private void acknowledge(Set<Integer> acknowledged, String line, Process child) throws IOException {
        assertThat(line).as("child output ended early (exit %s); stderr: %s",
                child.isAlive() ? "none" : child.exitValue(), stderr()).isNotNull();
        assertThat(line).as("child line").startsWith("ACK ");
        acknowledged.add(Integer.parseInt(line.substring(4)));
    }

    private String stderr() throws IOException {
        Path file = directory.resolve("child.err");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static Row read(RocksDbStorageEngine engine, int i, String half) throws Exception {
        CompletableFuture<StorageResult<Row>> result = new CompletableFuture<>();
        engine.read(StorageChild.key(i, half), result::complete);
        if (result.get(30, TimeUnit.SECONDS) instanceof StorageResult.Ok<Row> ok) {
            return ok.value();
        }
        throw new AssertionError("read of batch " + i + " failed: " + result.get());
    }
}
