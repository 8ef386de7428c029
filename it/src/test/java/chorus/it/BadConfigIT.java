package chorus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node that cannot start says why in one line and exits non-zero (issue 3, fourth "Must show"):
 * no stack trace, no exception class names, nothing left running.
 */
@ExtendWith(ProcessGuard.class)
@Timeout(60)
class BadConfigIT {
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(15);
    /** Log records that are not about the failure (slf4j-simple's INFO and DEBUG lines). */
    private static final Pattern INFO_RECORD = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|DEBUG|TRACE) .*");

    private Path dir;
    private int internodePort;
    private int clientPort;

    @BeforeEach
    void setUp() {
        dir = Spawn.newDataDir("BadConfigIT");
        internodePort = Spawn.freePort("127.0.0.1");
        clientPort = Spawn.freePort("127.0.0.1");
    }

    @AfterEach
    void cleanUp() {
        Spawn.deleteTree(dir);
    }

    @Test
    void anUnknownSettingIsNamed() throws Exception {
        String line = failingStart("unknown-setting", validConfig(dir.resolve("data")) + "colour-of-the-nodes: blue\n");

        assertThat(line).contains("colour-of-the-nodes");
    }

    @Test
    void aClientPortAlreadyInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), clientPort));

            String line = failingStart("client-port-in-use", validConfig(dir.resolve("data")));

            assertThat(line).contains(Integer.toString(clientPort)).containsIgnoringCase("in use");
        }
    }

    @Test
    void anInternodePortAlreadyInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), internodePort));

            String line = failingStart("internode-port-in-use", validConfig(dir.resolve("data")));

            assertThat(line).contains(Integer.toString(internodePort)).containsIgnoringCase("in use");
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsNamed() throws Exception {
        // Tests may run as root, whom permissions do not stop: a path under a regular file can never be created.
        Path file = dir.resolve("file");
        Files.writeString(file, "not a directory");
        Path dataDir = file.resolve("data");

        String line = failingStart("unwritable-data-dir", validConfig(dataDir));

        assertThat(line).contains(dataDir.toString());
    }

    @Test
    void recentRowsTooLargeForTheHeapAreRefused() throws Exception {
        // The node runs with -Xmx64m: a 64 MiB table, allocated whole at start, could never fit.
        String line = failingStart("recent-rows-too-large", validConfig(dir.resolve("data")) + "recent-rows-size: 64MiB\n");

        assertThat(line).contains("recent-rows-size=67108864 bytes is invalid (expected: at most half of this node's heap");
    }

    private String validConfig(Path dataDir) {
        return "node-id: n1\n"
                + "listen-host: 127.0.0.1\n"
                + "internode-port: " + internodePort + "\n"
                + "client-host: 127.0.0.1\n"
                + "client-port: " + clientPort + "\n"
                + "data-dir: " + dataDir + "\n";
    }

    /**
     * Runs {@code node --config} on {@code yaml}; asserts that it exits non-zero within
     * {@link #EXIT_WITHIN} and prints exactly one line about the problem, with no stack trace, and
     * returns that line.
     */
    private String failingStart(String name, String yaml) throws IOException, InterruptedException {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, yaml);
        Path log = Spawn.logDir().resolve("BadConfigIT").resolve(name + ".log");
        Files.deleteIfExists(log);
        Process process = Spawn.start(name, Spawn.javaMain("64m", "node", "--config", config.toString()), log);

        boolean exited = process.waitFor(EXIT_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        assertThat(exited).as("node exits within %s s; output:%n%s", EXIT_WITHIN.toSeconds(), output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isNotZero();

        List<String> lines = output.lines().filter(line -> !line.startsWith("---- ")).toList();
        assertThat(lines).as("no stack trace").noneMatch(line -> line.startsWith("\tat ") || line.trim().startsWith("at "));
        assertThat(output).as("no exception class names").doesNotContain("Exception").doesNotContainPattern(
                "\\b(java|javax|io|org|chorus)\\.[\\w.]+Error\\b");
        List<String> problems = lines.stream()
                .filter(line -> !line.isBlank() && !INFO_RECORD.matcher(line).matches())
                .toList();
        assertThat(problems).as("exactly one line about the problem; output:%n%s", output).hasSize(1);
        return problems.get(0);
    }
}
