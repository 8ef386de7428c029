package chorus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;

/**
 * The clients people already use work unchanged (issue 3, third "Must show"): redis-cli, Jedis and
 * Lettuce set and get keys, one by one and pipelined, against a three-node cluster; each key is
 * read back through another node than the one it was written through.
 */
@ExtendWith(ProcessGuard.class)
@Timeout(120)
class RealClientsIT {
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
    void redisCliSetsAndGets() throws Exception {
        assumeTrue(onPath("redis-cli"), "redis-cli is not on PATH (Debian: apt-get install redis-tools)");

        assertThat(redisCli(cluster.respPort(1), null, "SET", "cli:key", "hello world")).isEqualTo("OK\n");
        assertThat(redisCli(cluster.respPort(3), null, "GET", "cli:key")).isEqualTo("hello world\n");
        assertThat(redisCli(cluster.respPort(2), null, "GET", "cli:missing")).isEqualTo("\n");
    }

    @Test
    void redisCliRunsABatchOfCommandsFromStandardInput() throws Exception {
        assumeTrue(onPath("redis-cli"), "redis-cli is not on PATH (Debian: apt-get install redis-tools)");
        StringBuilder batch = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            batch.append("SET cli:batch:").append(i).append(" value-").append(i).append('\n');
            expected.append("OK\n");
        }
        for (int i = 0; i < 200; i++) {
            batch.append("GET cli:batch:").append(i).append('\n');
            expected.append("value-").append(i).append('\n');
        }

        assertThat(redisCli(cluster.respPort(2), batch.toString())).isEqualTo(expected.toString());

        try (Jedis jedis = Clients.jedis(cluster.respPort(1))) {
            assertThat(jedis.get("cli:batch:199")).isEqualTo("value-199");
        }
    }

    @Test
    void redisCliPipeModeTransfersRawProtocol() throws Exception {
        assumeTrue(onPath("redis-cli"), "redis-cli is not on PATH (Debian: apt-get install redis-tools)");
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            input.writeBytes(Resp.encode("SET", "cli:pipe:" + i, "piped-" + i));
        }

        String output = redisCli(cluster.respPort(1), input.toString(StandardCharsets.UTF_8), "--pipe");

        assertThat(output).contains("errors: 0, replies: 1000");
        try (Jedis jedis = Clients.jedis(cluster.respPort(3))) {
            String[] keys = new String[1000];
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                keys[i] = "cli:pipe:" + i;
                expected.add("piped-" + i);
            }
            assertThat(jedis.mget(keys)).isEqualTo(expected);
        }
    }

    @Test
    void jedisWithTheLegacyConstructorSetsGetsAndMultiGets() {
        try (Jedis node1 = new Jedis("127.0.0.1", cluster.respPort(1));
             Jedis node2 = new Jedis("127.0.0.1", cluster.respPort(2))) {
            assertThat(node1.set("jedis:a", "1")).isEqualTo("OK");
            assertThat(node1.set("jedis:b", "2")).isEqualTo("OK");
            assertThat(node1.ping()).isEqualTo("PONG");

            assertThat(node2.get("jedis:a")).isEqualTo("1");
            assertThat(node2.mget("jedis:a", "jedis:missing", "jedis:b")).containsExactly("1", null, "2");
        }
    }

    @Test
    void jedisWithAClientConfigPipelinesSetsAndGets() {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2).timeoutMillis(10_000).build();
        try (Jedis node2 = new Jedis(new HostAndPort("127.0.0.1", cluster.respPort(2)), config);
             Jedis node3 = new Jedis(new HostAndPort("127.0.0.1", cluster.respPort(3)), config)) {
            Pipeline writes = node2.pipelined();
            List<Response<String>> acks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                acks.add(writes.set("jedis:pipe:" + i, "p" + i));
            }
            writes.sync();
            acks.forEach(ack -> assertThat(ack.get()).isEqualTo("OK"));

            Pipeline reads = node3.pipelined();
            List<Response<String>> values = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                values.add(reads.get("jedis:pipe:" + i));
            }
            List<Object> all = reads.syncAndReturnAll();
            assertThat(all).hasSize(100);
            for (int i = 0; i < 100; i++) {
                assertThat(values.get(i).get()).isEqualTo("p" + i);
            }
        }
    }

    @Test
    void lettuceSetsAndGetsSynchronouslyAndPipelinesAsynchronously() throws Exception {
        // Lettuce's defaults: RESP3 negotiated with HELLO 3.
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", cluster.respPort(3)));
        RedisClient other = RedisClient.create(RedisURI.create("127.0.0.1", cluster.respPort(1)));
        try (StatefulRedisConnection<String, String> connection = client.connect();
             StatefulRedisConnection<String, String> otherConnection = other.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            assertThat(sync.set("lettuce:key", "sync value")).isEqualTo("OK");
            assertThat(sync.get("lettuce:key")).isEqualTo("sync value");

            RedisAsyncCommands<String, String> async = connection.async();
            connection.setAutoFlushCommands(false);
            List<RedisFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(async.set("lettuce:pipe:" + i, "l" + i));
            }
            connection.flushCommands();
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(20), futures.toArray(new RedisFuture<?>[0]))).isTrue();
            for (RedisFuture<String> future : futures) {
                assertThat(future.get()).isEqualTo("OK");
            }
            connection.setAutoFlushCommands(true);

            RedisCommands<String, String> otherSync = otherConnection.sync();
            assertThat(otherSync.get("lettuce:key")).isEqualTo("sync value");
            for (int i = 0; i < 100; i++) {
                assertThat(otherSync.get("lettuce:pipe:" + i)).isEqualTo("l" + i);
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            other.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void lettuceSpeaksResp3WhenItInsistsOnIt() {
        // With the protocol pinned, Lettuce does not fall back to RESP2 if HELLO 3 fails: this proves the node speaks RESP3.
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", cluster.respPort(2)));
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            assertThat(sync.set("lettuce:resp3", "three")).isEqualTo("OK");
            assertThat(sync.get("lettuce:resp3")).isEqualTo("three");
            assertThat(sync.mget("lettuce:resp3", "lettuce:nothing")).hasSize(2);
            assertThat(sync.get("lettuce:nothing")).isNull();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs redis-cli against 127.0.0.1:port with {@code stdin} (null: none) and returns its standard output. */
    private static String redisCli(int port, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("redis-cli", ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("redis-cli exits").isTrue();
        String errors = Files.readString(stderr);
        Files.deleteIfExists(stderr);
        assertThat(process.exitValue()).as("redis-cli exit code; stderr: %s", errors).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
