package chorus.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.server.cli.RespClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code recent-rows-size} sizes the table of recent rows of a real node, and INFO shows the result. */
@Timeout(60)
class RecentRowsSizeTest {
    @TempDir
    Path data;

    @Test
    void aSizedTableHoldsWhatItsBytesAllowAndAnswersReads() throws IOException {
        // 8 MiB of 224-byte entries is 37,449 keys, rounded down to a power of two.
        try (ChorusNode node = ChorusNode.start(TestNodes.cluster(1, data, Map.of("recent-rows-size", "8MiB")).get(0));
             RespClient client = RespClient.connect("127.0.0.1", node.clientAddress().getPort(), 10_000)) {
            assertThat(infoNumber(client, "chorus_storage_recent_rows_kept_max")).isEqualTo(32_768);
            long readsBefore = infoNumber(client, "chorus_storage_recent_row_reads");
            for (int i = 0; i < 100; i++) {
                assertThat(client.call("SET", "key:" + i, "value-" + i)).isEqualTo("OK");
            }
            for (int i = 0; i < 100; i++) {
                assertThat(client.call("GET", "key:" + i)).isEqualTo("value-" + i);
            }
            assertThat(infoNumber(client, "chorus_storage_recent_row_reads") - readsBefore)
                    .as("GETs of keys just written answered from the table").isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void byDefaultTheTableTakesAQuarterOfTheHeapAtMost() throws IOException {
        try (ChorusNode node = ChorusNode.start(TestNodes.cluster(1, data, Map.of()).get(0));
             RespClient client = RespClient.connect("127.0.0.1", node.clientAddress().getPort(), 10_000)) {
            long kept = infoNumber(client, "chorus_storage_recent_rows_kept_max");
            assertThat(kept).isPositive().isLessThanOrEqualTo(262_144);
            assertThat(kept * 224).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 4);
        }
    }

    private static long infoNumber(RespClient client, String field) throws IOException {
        String info = (String) client.call("INFO", "persistence");
        Matcher matcher = Pattern.compile(field + ":(\\d+)").matcher(info);
        assertThat(matcher.find()).as("%s in INFO persistence:%n%s", field, info).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
