package chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bench against a scripted server: errors are counted by kind, and refusals stop it clearly. */
@Timeout(60)
class BenchCommandTest {
    @Test
    void errorRepliesAreCountedByTheirFirstWordAndStillCountAsOperations() throws IOException {
        AtomicLong seen = new AtomicLong();
        try (FakeRespServer server = new FakeRespServer(words -> switch ((int) (seen.incrementAndGet() % 4)) {
            case 0 -> "-UNAVAILABLE QUORUM write needs 2 of 3 replicas\r\n";
            case 1 -> "-TIMEOUT QUORUM write got 1 of 2 acks\r\n";
            case 2 -> "$-1\r\n";
            default -> "+OK\r\n";
        })) {
            BenchRuns run = BenchRuns.run("--hosts", server.hosts(), "--mix", "get=1", "--operations", "400",
                    "--warmup", "0", "--connections", "4", "--pipeline", "5");

            assertThat(run.exitCode()).as(run.err()).isZero();
            BenchSummary summary = run.summary();
            assertThat(summary.operations()).isEqualTo(400);
            assertThat(server.requests()).isEqualTo(400);
            assertThat(summary.errorsByKind()).isEqualTo(Map.of("UNAVAILABLE", 100L, "TIMEOUT", 100L));
            assertThat(summary.errors()).isEqualTo(200);
            assertThat(summary.byOperation().get(0).misses()).isEqualTo(100);
            assertThat(run.out()).contains("errors      200  TIMEOUT=100, UNAVAILABLE=100");
        }
    }

    @Test
    void aServerThatRefusesConsistencyStopsTheRunWithAHint() throws IOException {
        try (FakeRespServer redis = new FakeRespServer(words -> words.get(0).equals("CONSISTENCY")
                ? "-ERR unknown command 'CONSISTENCY', with args beginning with: 'READ'\r\n" : "+OK\r\n")) {
            BenchRuns run = BenchRuns.run("--hosts", redis.hosts(), "--consistency", "QUORUM", "--operations", "10");

            assertThat(run.exitCode()).isEqualTo(BenchCommand.RUN_FAILED);
            assertThat(run.err()).contains("refused 'CONSISTENCY READ QUORUM WRITE QUORUM': ERR unknown command")
                    .contains("--no-consistency");
            assertThat(redis.requests()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableServerIsOneLineNotAStackTrace() throws IOException {
        String hosts;
        try (FakeRespServer closed = new FakeRespServer(words -> "+OK\r\n")) {
            hosts = closed.hosts();
        }
        BenchRuns run = BenchRuns.run("--hosts", hosts, "--operations", "10");

        assertThat(run.exitCode()).isEqualTo(BenchCommand.RUN_FAILED);
        assertThat(run.err()).startsWith("bench: cannot connect to " + hosts).doesNotContain("\tat ");
    }

    @Test
    void theFsyncProbeReportsPercentilesAndLeavesNoFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        BenchRuns run = BenchRuns.run("fsync", "--dir", dir.toString(), "--count", "20", "--size", "512", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"mode\": \"append\",").contains("\"count\": 20,").containsPattern("\"p99\": [0-9]+");
        BenchRuns overwrite = BenchRuns.run("fsync", "--dir", dir.toString(), "--count", "20", "--size", "512", "--overwrite");
        assertThat(overwrite.exitCode()).as(overwrite.err()).isZero();
        assertThat(overwrite.out()).contains("20 overwrites of 512 bytes, each followed by fdatasync").contains("syncs/s; p50");
        BenchRuns streams = BenchRuns.run("fsync", "--dir", dir.toString(), "--count", "20", "--size", "512", "--streams", "3",
                "--overwrite", "--json");
        assertThat(streams.exitCode()).as(streams.err()).isZero();
        assertThat(streams.out()).contains("\"streams\": 3,").contains("\"syncs\": 60,"); // Every stream's syncs counted.
        assertThat(BenchRuns.run("fsync", "--streams", "0").err()).contains("--streams 1..64");
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void usageErrorsNameTheOptionAndTheValidRange() {
        assertThat(BenchRuns.run("--mix", "get=1,fly=2").err()).contains("unknown operation 'fly'");
        assertThat(BenchRuns.run("--pipeline", "0").err()).contains("--pipeline=0 is invalid (expected: 1..10000)");
        assertThat(BenchRuns.run("--duration", "1s", "--operations", "5").err())
                .contains("give one of --duration and --operations");
        assertThat(BenchRuns.run("--consistency", "MOST").err()).contains("--consistency=MOST is invalid");
        assertThat(BenchRuns.run("--pipeline", "0").exitCode()).isEqualTo(2);
    }
}
