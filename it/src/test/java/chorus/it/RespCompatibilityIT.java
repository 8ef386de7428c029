package chorus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis compatibility (issue 4): redis-cli, redis-benchmark, Jedis (classic, RedisClient, pipelined,
 * JedisCluster, RedisClusterClient) and Lettuce (sync, async, RESP3, cluster client) against a
 * three-node cluster, asserting the results. Hashes, expiry, scans and the CLUSTER replies that
 * cluster-aware clients route by.
 */
@ExtendWith(ProcessGuard.class)
@Timeout(180)
class RespCompatibilityIT {
    private static final String NO_TOOLS = "redis-tools is not installed (Debian: apt-get install redis-tools)";
    private static final JedisClientConfig JEDIS_RESP3 = DefaultJedisClientConfig.builder()
            .protocol(RedisProtocol.RESP3).timeoutMillis(10_000).build();
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

    private static Tools.Run redisCli(int node, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p",
                Integer.toString(cluster.respPort(node))));
        command.addAll(List.of(args));
        return Tools.run(command, null, 60);
    }

    private static String cli(int node, String... args) throws Exception {
        Tools.Run run = redisCli(node, args);
        assertThat(run.exitCode()).as("redis-cli %s; stderr: %s", List.of(args), run.err()).isZero();
        return run.out();
    }

    @Test
    void redisCliDataCommands() throws Exception {
        assumeTrue(Tools.onPath("redis-cli"), NO_TOOLS);
        assertThat(cli(1, "HSET", "cli:h", "f1", "a", "f2", "b")).isEqualTo("2\n");
        assertThat(cli(2, "HGETALL", "cli:h")).isEqualTo("f1\na\nf2\nb\n");
        assertThat(cli(3, "-3", "HGETALL", "cli:h")).isEqualTo("f1 a\nf2 b\n"); // A RESP3 map.
        assertThat(cli(3, "-3", "HGETALL", "cli:nothing")).isIn("", "\n");
        assertThat(cli(1, "SET", "cli:t", "v", "EX", "100")).isEqualTo("OK\n");
        assertThat(cli(2, "TTL", "cli:t")).matches("(100|99)\n");
        assertThat(cli(3, "TYPE", "cli:h")).isEqualTo("hash\n");
        assertThat(cli(1, "INCRBY", "cli:c", "5")).isEqualTo("5\n");
        assertThat(cli(2, "GET", "cli:c")).isEqualTo("5\n");
        assertThat(cli(3, "APPEND", "cli:t", "w")).isEqualTo("2\n");
        assertThat(cli(1, "LPUSH", "cli:list", "x")).startsWith("ERR unknown command 'LPUSH'");
        assertThat(cli(2, "-c", "SET", "foo", "routed")).isEqualTo("OK\n");
        assertThat(cli(3, "-c", "GET", "foo")).isEqualTo("routed\n");
    }

    @Test
    void redisCliScansEveryKeyOnce() throws Exception {
        assumeTrue(Tools.onPath("redis-cli"), NO_TOOLS);
        Set<String> written = new TreeSet<>();
        try (Jedis jedis = Clients.jedis(cluster.respPort(1))) {
            for (int i = 0; i < 300; i++) {
                jedis.set("cliscan:" + i, "v");
                written.add("cliscan:" + i);
            }
        }
        String out = cli(2, "--scan", "--pattern", "cliscan:*");
        List<String> keys = List.of(out.split("\n"));
        assertThat(keys).hasSize(300);
        assertThat(new TreeSet<>(keys)).isEqualTo(written);
    }

    @Test
    void redisBenchmarkReportsNoErrors() throws Exception {
        assumeTrue(Tools.onPath("redis-benchmark"), NO_TOOLS);
        String port = Integer.toString(cluster.respPort(1));
        // redis-benchmark exits non-zero at the first error reply. The default set restricted to what
        // Chorus supports (no lists, sets or sorted sets yet).
        Tools.Run defaults = Tools.run(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", port, "-n", "300", "-c", "10",
                "-r", "100", "-q", "-t", "ping_inline,ping_mbulk,set,get,incr,hset,mset"), null, 120);
        assertThat(defaults.exitCode()).as("stdout: %s stderr: %s", defaults.out(), defaults.err()).isZero();
        assertThat(defaults.out()).contains("SET:", "GET:", "INCR:", "HSET:", "MSET (10 keys):")
                .doesNotContain("rror");

        Tools.Run pipelined = Tools.run(List.of("redis-benchmark", "-h", "127.0.0.1", "-p",
                Integer.toString(cluster.respPort(2)), "-n", "2000", "-c", "10", "-r", "1000", "-P", "16", "-q",
                "-t", "set,get,incr,hset"), null, 120);
        assertThat(pipelined.exitCode()).as("stdout: %s stderr: %s", pipelined.out(), pipelined.err()).isZero();
        assertThat(pipelined.out()).contains("SET:", "GET:", "INCR:", "HSET:").doesNotContain("rror");

        // With -3 every benchmark connection sends HELLO 3 first, and an error there aborts the run.
        Tools.Run resp3 = Tools.run(List.of("redis-benchmark", "-3", "-h", "127.0.0.1", "-p",
                Integer.toString(cluster.respPort(3)), "-n", "300", "-c", "10", "-q", "-t", "set,get,hset"), null, 120);
        assertThat(resp3.exitCode()).as("stdout: %s stderr: %s", resp3.out(), resp3.err()).isZero();
        assertThat(resp3.out()).contains("SET:", "GET:", "HSET:").doesNotContain("rror");
    }

    @Test
    void redisBenchmarkInClusterModeFindsEveryMaster() throws Exception {
        assumeTrue(Tools.onPath("redis-benchmark"), NO_TOOLS);
        Tools.Run run = Tools.run(List.of("redis-benchmark", "--cluster", "-h", "127.0.0.1", "-p",
                Integer.toString(cluster.respPort(3)), "-n", "300", "-c", "6", "-q", "-t", "set,get"), null, 120);
        assertThat(run.exitCode()).as("stdout: %s stderr: %s", run.out(), run.err()).isZero();
        assertThat(run.out()).contains("Master 0", "Master 1", "Master 2", "SET:", "GET:");
    }

    @Test
    void jedisClassicHashesExpiryAndScan() {
        try (Jedis node1 = Clients.jedis(cluster.respPort(1)); Jedis node2 = Clients.jedis(cluster.respPort(2))) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("f1", "a");
            fields.put("f2", "b");
            assertThat(node1.hset("jb:h", fields)).isEqualTo(2L);
            assertThat(node1.hmset("jb:y", Map.of("field0", "x"))).isEqualTo("OK");
            assertThat(node2.hgetAll("jb:h")).isEqualTo(fields);
            assertThat(node2.hmget("jb:h", "f1", "zz")).containsExactly("a", null);
            assertThat(node2.hincrBy("jb:h", "n", 3)).isEqualTo(3L);
            assertThat(node1.hdel("jb:h", "n")).isEqualTo(1L);
            assertThat(node1.setex("jb:s", 10, "x")).isEqualTo("OK");
            assertThat(node2.ttl("jb:s")).isBetween(9L, 10L);
            assertThat(node1.expire("jb:h", 100)).isEqualTo(1L);
            assertThat(node2.ttl("jb:h")).isBetween(99L, 100L);
            assertThat(node2.exists("jb:h")).isTrue();

            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = node2.scan(cursor, new ScanParams().match("jb:*").count(100));
                seen.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(seen).containsExactlyInAnyOrder("jb:h", "jb:y", "jb:s");
            assertThat(node1.del("jb:h", "jb:y")).isEqualTo(2L);
        }
    }

    @Test
    void jedisRedisClientSpeaksResp3AndPipelines() {
        // Jedis 8 replaced JedisPooled with RedisClient: pooled, and RESP3 negotiated with HELLO 3.
        try (redis.clients.jedis.RedisClient client = redis.clients.jedis.RedisClient.builder()
                .hostAndPort(new HostAndPort("127.0.0.1", cluster.respPort(3))).clientConfig(JEDIS_RESP3).build()) {
            assertThat(client.hset("jr:h", Map.of("a", "1", "b", "2"))).isEqualTo(2L);
            assertThat(client.hgetAll("jr:h")).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(client.hgetAll("jr:none")).isEmpty();
            assertThat(client.incr("jr:c")).isEqualTo(1L);
            assertThat(client.type("jr:h")).isEqualTo("hash");
            try (redis.clients.jedis.AbstractPipeline pipeline = client.pipelined()) {
                List<Response<Long>> adds = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    adds.add(pipeline.hset("jr:p", "f" + i, "v" + i));
                }
                Response<Long> length = pipeline.hlen("jr:p");
                pipeline.sync();
                adds.forEach(add -> assertThat(add.get()).isEqualTo(1L));
                assertThat(length.get()).isEqualTo(50L);
            }
        }
        try (Jedis classic = Clients.jedis(cluster.respPort(1))) {
            Pipeline pipeline = classic.pipelined();
            Response<String> set = pipeline.set("jr:x", "1");
            Response<Long> expire = pipeline.pexpire("jr:x", 100_000);
            Response<Long> ttl = pipeline.pttl("jr:x");
            pipeline.sync();
            assertThat(set.get()).isEqualTo("OK");
            assertThat(expire.get()).isEqualTo(1L);
            assertThat(ttl.get()).isBetween(90_000L, 100_000L);
        }
    }

    @Test
    void jedisClusterClientsRouteBySlot() {
        Set<HostAndPort> seeds = Set.of(new HostAndPort("127.0.0.1", cluster.respPort(1)));
        try (JedisCluster jedisCluster = new JedisCluster(seeds, DefaultJedisClientConfig.builder()
                .timeoutMillis(10_000).build())) {
            assertThat(jedisCluster.getClusterNodes()).hasSize(3);
            for (int i = 0; i < 100; i++) {
                assertThat(jedisCluster.set("jc:" + i, "v" + i)).isEqualTo("OK");
            }
            for (int i = 0; i < 100; i++) {
                assertThat(jedisCluster.get("jc:" + i)).isEqualTo("v" + i);
            }
            assertThat(jedisCluster.hset("jc:h", "f", "v")).isEqualTo(1L);
            assertThat(jedisCluster.mget("{jc}a", "{jc}b")).containsExactly(null, null);
        }
        try (redis.clients.jedis.RedisClusterClient client = redis.clients.jedis.RedisClusterClient.builder().nodes(seeds).clientConfig(JEDIS_RESP3).build()) {
            assertThat(client.getClusterNodes()).hasSize(3);
            assertThat(client.get("jc:42")).isEqualTo("v42");
            assertThat(client.hgetAll("jc:h")).isEqualTo(Map.of("f", "v"));
        }
    }

    @Test
    void lettuceSyncAsyncResp3AndCluster() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", cluster.respPort(2)));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            assertThat(sync.hset("lb:h", Map.of("f1", "a", "f2", "b"))).isEqualTo(2L);
            assertThat(sync.hgetall("lb:h")).isEqualTo(Map.of("f1", "a", "f2", "b"));
            assertThat(sync.expire("lb:h", 100)).isTrue();
            assertThat(sync.ttl("lb:h")).isBetween(99L, 100L);
            assertThat(sync.persist("lb:h")).isTrue();
            KeyScanCursor<String> page = sync.scan(ScanArgs.Builder.matches("lb:*").limit(100));
            List<String> keys = new ArrayList<>(page.getKeys());
            while (!page.isFinished()) {
                page = sync.scan(page, ScanArgs.Builder.matches("lb:*").limit(100));
                keys.addAll(page.getKeys());
            }
            assertThat(keys).containsExactly("lb:h");

            RedisAsyncCommands<String, String> async = connection.async();
            assertThat(async.hincrby("lb:h", "n", 7).get()).isEqualTo(7L);
            assertThat(async.getdel("lb:none").get()).isNull();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }

        io.lettuce.core.cluster.RedisClusterClient clusterClient = io.lettuce.core.cluster.RedisClusterClient.create(
                RedisURI.create("127.0.0.1", cluster.respPort(3)));
        try (StatefulRedisClusterConnection<String, String> connection = clusterClient.connect()) {
            RedisAdvancedClusterCommands<String, String> sync = connection.sync();
            List<RedisClusterNode> nodes = clusterClient.getPartitions().getPartitions();
            assertThat(nodes).hasSize(3);
            int slots = 0;
            for (RedisClusterNode node : nodes) {
                slots += node.getSlots().size();
            }
            assertThat(slots).isEqualTo(16384);
            for (int i = 0; i < 50; i++) {
                assertThat(sync.set("lc:" + i, "v" + i)).isEqualTo("OK");
            }
            assertThat(sync.mget("lc:1", "lc:2", "lc:3")).extracting(value -> value.getValue())
                    .containsExactly("v1", "v2", "v3");
            assertThat(sync.hset("lc:h", "f", "v")).isTrue();
            assertThat(sync.hget("lc:h", "f")).isEqualTo("v");
        } finally {
            clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void aKeyWithATtlExpiresOnEveryNodeAndEveryNodeReportsTheSameTtl() throws Exception {
        try (Jedis node1 = Clients.jedis(cluster.respPort(1)); Jedis node2 = Clients.jedis(cluster.respPort(2));
             Jedis node3 = Clients.jedis(cluster.respPort(3))) {
            node1.set("ttl:s", "v");
            node1.hset("ttl:h", "f", "v");
            node1.incr("ttl:c");
            assertThat(node2.pexpire("ttl:s", 2_000)).isEqualTo(1L);
            assertThat(node3.pexpire("ttl:h", 2_000)).isEqualTo(1L);
            assertThat(node1.pexpire("ttl:c", 2_000)).isEqualTo(1L);
            for (String key : List.of("ttl:s", "ttl:h", "ttl:c")) {
                long first = node1.pttl(key);
                assertThat(first).as(key).isBetween(1_000L, 2_000L);
                // Same remaining time through any node, within the time between the calls and clock skew (none here).
                assertThat(node2.pttl(key)).as(key).isBetween(first - 500, first);
                assertThat(node3.pttl(key)).as(key).isBetween(first - 500, first);
                assertThat(node3.ttl(key)).as(key).isBetween(1L, 2L);
            }
            assertThat(node2.incr("ttl:c")).isEqualTo(2L); // INCR through another node keeps the TTL.
            Thread.sleep(2_200);
            for (Jedis node : List.of(node1, node2, node3)) {
                assertThat(node.get("ttl:s")).isNull();
                assertThat(node.hgetAll("ttl:h")).isEmpty();
                assertThat(node.get("ttl:c")).isNull();
                assertThat(node.exists("ttl:s", "ttl:h", "ttl:c")).isZero();
                assertThat(node.ttl("ttl:s")).isEqualTo(-2L);
            }
            assertThat(node3.incr("ttl:c")).isEqualTo(1L); // An expired counter starts again.
        }
    }

    @Test
    void countersIncrementedThroughEveryNodeCountEveryIncrement() {
        try (Jedis node1 = Clients.jedis(cluster.respPort(1)); Jedis node2 = Clients.jedis(cluster.respPort(2));
             Jedis node3 = Clients.jedis(cluster.respPort(3))) {
            for (int i = 0; i < 100; i++) {
                node1.incr("count:all");
                node2.incr("count:all");
                node3.incrBy("count:all", 2);
            }
            for (Jedis node : List.of(node1, node2, node3)) {
                assertThat(node.get("count:all")).isEqualTo("400");
            }
        }
    }

    @Test
    void everyNodeDescribesTheSameSlotOwnership() {
        List<String> slots = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            try (Jedis jedis = Clients.jedis(cluster.respPort(i))) {
                slots.add(render(jedis.clusterSlots()));
                nodes.add(jedis.clusterNodes().replace("myself,", ""));
                assertThat(jedis.clusterInfo()).contains("cluster_state:ok", "cluster_known_nodes:3");
                assertThat(jedis.clusterKeySlot("foo")).isEqualTo(12182L);
            }
        }
        assertThat(slots.get(1)).isEqualTo(slots.get(0));
        assertThat(slots.get(2)).isEqualTo(slots.get(0));
        assertThat(nodes.get(1)).isEqualTo(nodes.get(0));
        assertThat(nodes.get(2)).isEqualTo(nodes.get(0));
    }

    /** A CLUSTER SLOTS reply as text: Jedis gives its bulk strings as byte arrays. */
    private static String render(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(render(item)));
            return items.toString();
        }
        return String.valueOf(reply);
    }
}
