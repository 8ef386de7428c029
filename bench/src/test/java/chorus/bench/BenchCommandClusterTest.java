package chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.server.cli.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chorus bench} against a real 3-node cluster (replication factor 3, QUORUM) in this JVM.
 * Not a timing test: it checks that what the bench reports is what happened on the servers.
 */
@Timeout(180)
class BenchCommandClusterTest {
    @TempDir
    static Path data;
    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start(3, data);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aShortSetRunHasNoErrorsAndReportsExactlyTheKeysItWrote() throws IOException {
        int keys = 300;

        BenchRuns run = BenchRuns.run("--hosts", cluster.hosts(), "--mix", "set=1", "--distribution", "sequential",
                "--keys", Integer.toString(keys), "--operations", Integer.toString(keys), "--warmup", "0",
                "--connections", "6", "--pipeline", "4", "--value-size", "32", "--consistency", "QUORUM", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.jsonLong("errors")).as(run.out()).isZero();
        assertThat(run.jsonLong("operations")).isEqualTo(keys);
        assertThat(run.summary().errorsByKind()).isEmpty();
        assertThat(run.summary().abortReason()).isNull();
        // Every key the bench claims to have written is there, through any node, and no other.
        String value = new String(CommandEncoder.setValue(32), StandardCharsets.US_ASCII);
        try (RespClient client = cluster.client(1)) {
            for (int i = 0; i < keys; i++) {
                assertThat(client.call("GET", CommandEncoder.key(Operation.SET, i))).as("key %d", i).isEqualTo(value);
            }
            assertThat(client.call("GET", CommandEncoder.key(Operation.SET, keys))).isNull();
            assertThat(client.call("EXISTS", CommandEncoder.key(Operation.SET, keys + 1L))).isEqualTo(0L);
        }
    }

    @Test
    void aTimedMixedRunCountsEveryReplyByOperation() {
        BenchRuns run = BenchRuns.run("--hosts", cluster.hosts(), "--mix", "get=2,set=1,incr=1", "--keys", "50",
                "--distribution", "zipfian", "--duration", "1s", "--warmup", "300ms", "--connections", "4",
                "--consistency", "QUORUM");

        assertThat(run.exitCode()).as(run.err()).isZero();
        BenchSummary summary = run.summary();
        assertThat(summary.errors()).as(run.out()).isZero();
        assertThat(summary.operations()).isPositive();
        assertThat(summary.byOperation()).extracting(operation -> operation.operation().label())
                .containsExactly("get", "set", "incr");
        assertThat(summary.byOperation().stream().mapToLong(BenchSummary.OperationSummary::count).sum())
                .isEqualTo(summary.operations());
        assertThat(run.out()).contains("measure").contains("throughput").contains("p99.9");
    }
}
