package chorus.server.commands;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.ConsistencyLevel;
import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import chorus.server.config.ChorusConfig;
import chorus.server.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoReportTest {
    final ClusterView cluster = new ClusterView(NodeId.of(1), 3, List.of(
            new ClusterView.MemberView(new Member(NodeId.of(1), "127.0.0.1:7101", "127.0.0.1:7001", "rack1"), true, 16384),
            new ClusterView.MemberView(new Member(NodeId.of(2), "127.0.0.2:7102", "127.0.0.1:7002", "rack1"), false, 16384)),
            new ClusterView.Healing(120, 100, 5, 2, 3, List.of(NodeId.of(2)), 1));

    @Test
    void periodicSyncIsAnnouncedWithAWarning() {
        String info = report(Map.of("sync-mode", "periodic", "sync-period", "250ms")).render(InfoReport.selected(List.of()));

        assertThat(info).contains("chorus_sync_mode:periodic", "chorus_sync_period_ms:250",
                "chorus_durability:WARNING periodic fsync: a power loss can lose up to 250 ms of acknowledged writes");
    }

    @Test
    void fsyncIsDurable() {
        String info = report(Map.of()).render(InfoReport.selected(List.of("persistence")));

        assertThat(info).startsWith("# Persistence\r\n").contains("chorus_sync_mode:fsync").doesNotContain("WARNING");
        assertThat(info).contains("chorus_storage_syncs:10\r\n", "chorus_storage_applies:95\r\n",
                "chorus_storage_writes_without_read:80\r\n", "chorus_storage_recent_row_reads:70\r\n",
                "chorus_storage_recent_rows_kept_max:65536\r\n");
    }

    @Test
    void chorusSectionShowsMembersAndLevels() {
        String info = report(Map.of()).render(InfoReport.selected(List.of("CHORUS")));

        assertThat(info).contains("node_id:n1", "members:2", "members_up:1", "state=down", "replication_factor:3",
                "default_read_consistency:QUORUM", "connection_read_consistency:ONE",
                "connection_write_consistency:ALL").doesNotContain("# Server");
    }

    @Test
    void chorusSectionShowsHintsAndScheduledRepair() {
        String info = report(Map.of("repair-interval", "6h")).render(InfoReport.selected(List.of("chorus")));

        assertThat(info).contains("hints_stored:120\r\n", "hints_delivered:100\r\n", "hints_expired:5\r\n",
                "hints_overflowed:2\r\n", "hints_store_failed:3\r\n", "hints_pending_for:n2\r\n", "repair_interval_ms:21600000\r\n",
                "repair_rounds_completed:1\r\n");
    }

    @Test
    void unknownSectionIsEmpty() {
        assertThat(report(Map.of()).render(InfoReport.selected(List.of("nonsense")))).isEmpty();
    }

    private InfoReport report(Map<String, Object> settings) {
        ChorusConfig config = ConfigLoader.build(settings);
        NodeFacts facts = new NodeFacts(config, "0".repeat(40), System.nanoTime(), () -> 3, () -> 42,
                () -> new StorageCounters(10, 95, 80, 70, 65_536));
        return new InfoReport(facts, cluster, ConsistencyLevel.ONE, ConsistencyLevel.ALL, 7);
    }
}
