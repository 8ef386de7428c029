package chorus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.server.Main;
import chorus.server.node.TestNodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Operator errors from the command line: one line, exit code 2, no stack trace. */
@Timeout(60)
class MainTest {
    @TempDir
    Path directory;
    final StringWriter err = new StringWriter();

    @Test
    void outOfRangeFlag() {
        assertThat(run("node", "--replication-factor", "0")).isEqualTo(Main.CONFIG_ERROR);
        assertThat(err.toString()).isEqualTo("config error: replication-factor=0 is invalid (expected: 1..9)\n");
    }

    @Test
    void unknownKeyInTheFile() throws IOException {
        Path file = directory.resolve("n1.yaml");
        Files.writeString(file, "client_port: 7001\n");

        assertThat(run("node", "--config", file.toString())).isEqualTo(Main.CONFIG_ERROR);
        assertThat(err.toString()).isEqualTo("config error: unknown setting 'client_port' in " + file
                + "; did you mean client-port?\n");
    }

    @Test
    void clientPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThat(run("node", "--client-port", Integer.toString(port), "--internode-port",
                    Integer.toString(TestNodes.freePort()), "--data-dir", directory.resolve("n1").toString()))
                    .isEqualTo(Main.CONFIG_ERROR);
            assertThat(err.toString()).isEqualTo("config error: client-port: 127.0.0.1:" + port + " is already in use\n");
        }
    }

    @Test
    void unwritableDataDirectory() throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("file"), "x");

        assertThat(run("node", "--client-port", Integer.toString(TestNodes.freePort()), "--internode-port",
                Integer.toString(TestNodes.freePort()), "--data-dir", notADirectory.resolve("n1").toString()))
                .isEqualTo(Main.CONFIG_ERROR);
        assertThat(err.toString()).startsWith("config error: data-dir " + notADirectory.resolve("n1")
                + " is not writable").doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void unknownFlagIsAUsageError() {
        assertThat(run("node", "--colour", "blue")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--colour'");
    }

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
