package chorus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Three node processes form one database: what is written through one node is read through any
 * other (issue 3, first "Must show").
 */
@ExtendWith(ProcessGuard.class)
@Timeout(120)
class ClusterIT {
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void aKeyWrittenThroughNode1IsReadThroughNode3() {
        try (Jedis node1 = Clients.jedis(cluster.respPort(1));
             Jedis node3 = Clients.jedis(cluster.respPort(3))) {
            assertThat(node1.set("greeting", "hello from n1")).isEqualTo("OK");

            assertThat(node3.get("greeting")).isEqualTo("hello from n1");
        }
    }

    @Test
    void thousandKeysWrittenThroughRandomNodesAtQuorumAreReadBackThroughOtherNodes() {
        long seed = System.nanoTime();
        System.out.println("ClusterIT seed " + seed);
        Random random = new Random(seed);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> writer = new LinkedHashMap<>();
        List<List<String>> keysByWriter = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        for (int i = 0; i < 1000; i++) {
            String key = "cluster:" + i;
            int node = 1 + random.nextInt(3);
            values.put(key, "value-" + i + "-" + Long.toHexString(random.nextLong()));
            writer.put(key, node);
            keysByWriter.get(node - 1).add(key);
        }

        for (int node = 1; node <= 3; node++) {
            try (Jedis jedis = Clients.jedis(cluster.respPort(node))) {
                Consistency.set(jedis, "QUORUM", "QUORUM");
                Pipeline pipeline = jedis.pipelined();
                List<Response<String>> replies = new ArrayList<>();
                for (String key : keysByWriter.get(node - 1)) {
                    replies.add(pipeline.set(key, values.get(key)));
                }
                pipeline.sync();
                for (Response<String> reply : replies) {
                    assertThat(reply.get()).isEqualTo("OK");
                }
            }
        }

        // Each key is read through a node other than the one it was written through.
        Map<String, String> read = new LinkedHashMap<>();
        for (int reader = 1; reader <= 3; reader++) {
            try (Jedis jedis = Clients.jedis(cluster.respPort(reader))) {
                Consistency.set(jedis, "QUORUM", "QUORUM");
                Pipeline pipeline = jedis.pipelined();
                Map<String, Response<String>> replies = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> entry : writer.entrySet()) {
                    if (entry.getValue() % 3 + 1 == reader) {
                        replies.put(entry.getKey(), pipeline.get(entry.getKey()));
                    }
                }
                pipeline.sync();
                replies.forEach((key, reply) -> read.put(key, reply.get()));
            }
        }
        assertThat(read).hasSize(1000).containsExactlyInAnyOrderEntriesOf(values);
    }
}
