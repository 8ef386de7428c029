package chorus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.server.config.ChorusConfig;
import chorus.server.config.ConfigLoader;
import chorus.server.config.SyncMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPlanTest {
    @TempDir
    Path directory;

    @Test
    void eachNodeHasItsOwnLoopbackAddressAndAConfigThatLoads() throws IOException {
        LocalPlan plan = new LocalPlan(3, 7001, directory, 3, SyncMode.FSYNC);
        plan.writeConfigs();

        ChorusConfig third = ConfigLoader.load(directory.resolve("n3.yaml"), Map.of());

        assertThat(third.nodeId().toString()).isEqualTo("n3");
        assertThat(third.clientHost() + ":" + third.clientPort()).isEqualTo("127.0.0.1:7003");
        assertThat(third.listenHost() + ":" + third.internodePort()).isEqualTo("127.0.0.3:7103");
        assertThat(third.dataDir()).isEqualTo(directory.resolve("n3").toAbsolutePath());
        assertThat(third.members()).extracting(member -> member.internodeAddress())
                .containsExactly("127.0.0.1:7101", "127.0.0.2:7102", "127.0.0.3:7103");
        assertThat(third.effectiveReplicationFactor()).isEqualTo(3);
        assertThat(third.syncMode()).isEqualTo(SyncMode.FSYNC);
    }

    @Test
    void aRerunWritesTheSameConfiguration() throws IOException {
        LocalPlan plan = new LocalPlan(2, 7001, directory, 3, SyncMode.PERIODIC);
        plan.writeConfigs();
        ChorusConfig first = ConfigLoader.load(directory.resolve("n1.yaml"), Map.of());
        plan.writeConfigs();

        assertThat(ConfigLoader.load(directory.resolve("n1.yaml"), Map.of())).isEqualTo(first);
        assertThat(first.effectiveReplicationFactor()).isEqualTo(2);
        assertThat(first.syncMode()).isEqualTo(SyncMode.PERIODIC);
    }
}
