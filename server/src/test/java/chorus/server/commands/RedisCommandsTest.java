package chorus.server.commands;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.server.cli.RespClient;
import chorus.server.cli.RespClient.ErrorReply;
import chorus.server.node.ChorusNode;
import chorus.server.node.TestNodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hashes, expiry, string and key commands, scans and CLUSTER replies against one real node over a
 * real socket (RESP2; RespClient does not speak RESP3).
 */
@Timeout(60)
class RedisCommandsTest {
    private static final ErrorReply WRONG_TYPE =
            new ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value");

    @TempDir
    static Path data;
    static ChorusNode node;
    RespClient client;

    @BeforeAll
    static void startNode() {
        node = ChorusNode.start(TestNodes.cluster(1, data, Map.of("allow-flush", "true")).get(0));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void connect() throws IOException {
        client = RespClient.connect("127.0.0.1", node.clientAddress().getPort(), 10_000);
    }

    @AfterEach
    void disconnect() throws IOException {
        client.close();
    }

    @Test
    void hashFieldsAreSetReadAndDeleted() throws IOException {
        assertThat(client.call("HSET", "h", "f1", "a", "f2", "b")).isEqualTo(2L);
        assertThat(client.call("HSET", "h", "f2", "B", "f3", "c")).isEqualTo(1L);
        assertThat(client.call("HMSET", "h", "f4", "d")).isEqualTo("OK");
        assertThat(client.call("HGET", "h", "f2")).isEqualTo("B");
        assertThat(client.call("HGET", "h", "nope")).isNull();
        assertThat(client.call("HMGET", "h", "f1", "nope", "f3")).isEqualTo(Arrays.asList("a", null, "c"));
        assertThat(client.call("HGETALL", "h")).isEqualTo(List.of("f1", "a", "f2", "B", "f3", "c", "f4", "d"));
        assertThat(client.call("HLEN", "h")).isEqualTo(4L);
        assertThat(client.call("HKEYS", "h")).isEqualTo(List.of("f1", "f2", "f3", "f4"));
        assertThat(client.call("HVALS", "h")).isEqualTo(List.of("a", "B", "c", "d"));
        assertThat(client.call("HEXISTS", "h", "f1")).isEqualTo(1L);
        assertThat(client.call("HSTRLEN", "h", "f1")).isEqualTo(1L);
        assertThat(client.call("HDEL", "h", "f1", "f2", "nope")).isEqualTo(2L);
        assertThat(client.call("HEXISTS", "h", "f1")).isEqualTo(0L);
        assertThat(client.call("HGETALL", "h")).isEqualTo(List.of("f3", "c", "f4", "d"));
        assertThat(client.call("TYPE", "h")).isEqualTo("hash");
        assertThat(client.call("HSCAN", "h", "0", "MATCH", "f3")).isEqualTo(List.of("0", List.of("f3", "c")));
        assertThat(client.call("HDEL", "h", "f3", "f4")).isEqualTo(2L);
        assertThat(client.call("EXISTS", "h")).isEqualTo(0L);
        assertThat(client.call("HGETALL", "h")).isEqualTo(List.of());
        assertThat(client.call("HSET", "h", "odd")).isEqualTo(
                new ErrorReply("ERR wrong number of arguments for 'hset' command"));
    }

    @Test
    void hashIncrementsAndSetIfAbsentRunThroughPaxos() throws IOException {
        assertThat(client.call("HINCRBY", "hi", "n", "5")).isEqualTo(5L);
        assertThat(client.call("HINCRBY", "hi", "n", "-7")).isEqualTo(-2L);
        assertThat(client.call("HINCRBYFLOAT", "hi", "f", "10.5")).isEqualTo("10.5");
        assertThat(client.call("HINCRBYFLOAT", "hi", "f", "0.1")).isEqualTo("10.6");
        assertThat(client.call("HINCRBY", "hi", "f", "1")).isEqualTo(new ErrorReply("ERR hash value is not an integer"));
        assertThat(client.call("HSETNX", "hi", "n", "x")).isEqualTo(0L);
        assertThat(client.call("HSETNX", "hi", "new", "x")).isEqualTo(1L);
        assertThat(client.call("HGET", "hi", "new")).isEqualTo("x");
        assertThat(client.call("HGET", "hi", "n")).isEqualTo("-2");
    }

    @Test
    void typesDoNotMix() throws IOException {
        client.call("SET", "str", "v");
        client.call("HSET", "hash", "f", "v");
        assertThat(client.call("HSET", "str", "f", "v")).isEqualTo(WRONG_TYPE);
        assertThat(client.call("HGET", "str", "f")).isEqualTo(WRONG_TYPE);
        assertThat(client.call("HINCRBY", "str", "f", "1")).isEqualTo(WRONG_TYPE);
        assertThat(client.call("GET", "hash")).isEqualTo(WRONG_TYPE);
        assertThat(client.call("APPEND", "hash", "x")).isEqualTo(WRONG_TYPE);
        assertThat(client.call("INCR", "hash")).isEqualTo(WRONG_TYPE);
        assertThat(client.call("TYPE", "str")).isEqualTo("string");
        assertThat(client.call("TYPE", "nothing")).isEqualTo("none");
    }

    @Test
    void expiryCommands() throws IOException, InterruptedException {
        client.call("SET", "t", "v");
        assertThat(client.call("TTL", "t")).isEqualTo(-1L);
        assertThat(client.call("TTL", "missing")).isEqualTo(-2L);
        assertThat(client.call("EXPIRE", "missing", "10")).isEqualTo(0L);
        assertThat(client.call("EXPIRE", "t", "100")).isEqualTo(1L);
        assertThat(client.call("TTL", "t")).isEqualTo(100L);
        assertThat((Long) client.call("PTTL", "t")).isBetween(95_000L, 100_000L);
        assertThat(client.call("EXPIRE", "t", "50", "NX")).isEqualTo(0L);
        assertThat(client.call("EXPIRE", "t", "50", "GT")).isEqualTo(0L);
        assertThat(client.call("EXPIRE", "t", "50", "LT")).isEqualTo(1L);
        assertThat((Long) client.call("EXPIRETIME", "t")).isGreaterThan(System.currentTimeMillis() / 1000);
        assertThat(client.call("GET", "t")).isEqualTo("v");
        assertThat(client.call("PERSIST", "t")).isEqualTo(1L);
        assertThat(client.call("PERSIST", "t")).isEqualTo(0L);
        assertThat(client.call("TTL", "t")).isEqualTo(-1L);
        assertThat(client.call("PEXPIRE", "t", "200")).isEqualTo(1L);
        Thread.sleep(300);
        assertThat(client.call("GET", "t")).isNull();
        assertThat(client.call("TTL", "t")).isEqualTo(-2L);
        client.call("SET", "gone", "v");
        assertThat(client.call("EXPIREAT", "gone", "1")).isEqualTo(1L);
        assertThat(client.call("EXISTS", "gone")).isEqualTo(0L);
        assertThat(client.call("SETEX", "sx", "100", "v")).isEqualTo("OK");
        assertThat(client.call("TTL", "sx")).isEqualTo(100L);
        assertThat(client.call("PSETEX", "sx", "0", "v")).isEqualTo(
                new ErrorReply("ERR invalid expire time in 'psetex' command"));
    }

    @Test
    void aHashAndACounterKeepTheirTtlWhenTheyGrow() throws IOException {
        client.call("HSET", "th", "a", "1");
        client.call("EXPIRE", "th", "100");
        client.call("HSET", "th", "b", "2");
        client.call("HINCRBY", "th", "c", "1");
        assertThat(client.call("HLEN", "th")).isEqualTo(3L);
        assertThat(client.call("PERSIST", "th")).isEqualTo(1L);
        assertThat(client.call("TTL", "th")).isEqualTo(-1L);

        client.call("INCR", "tc");
        assertThat(client.call("EXPIRE", "tc", "100")).isEqualTo(1L);
        assertThat(client.call("INCR", "tc")).isEqualTo(2L);
        assertThat(client.call("TTL", "tc")).isEqualTo(100L);
        assertThat(client.call("GET", "tc")).isEqualTo("2");
    }

    @Test
    void anExpiredCounterStartsAgainFromZero() throws IOException, InterruptedException {
        client.call("INCRBY", "rate", "5");
        client.call("PEXPIRE", "rate", "100");
        Thread.sleep(200);
        assertThat(client.call("GET", "rate")).isNull();
        assertThat(client.call("INCR", "rate")).isEqualTo(1L);
        assertThat(client.call("GET", "rate")).isEqualTo("1");
        assertThat(client.call("TTL", "rate")).isEqualTo(-1L);
    }

    @Test
    void stringCommands() throws IOException {
        assertThat(client.call("SETNX", "s", "a")).isEqualTo(1L);
        assertThat(client.call("SETNX", "s", "b")).isEqualTo(0L);
        assertThat(client.call("APPEND", "s", "bc")).isEqualTo(3L);
        assertThat(client.call("STRLEN", "s")).isEqualTo(3L);
        assertThat(client.call("GETRANGE", "s", "1", "-1")).isEqualTo("bc");
        assertThat(client.call("GETRANGE", "s", "-100", "100")).isEqualTo("abc");
        assertThat(client.call("SETRANGE", "s", "5", "z")).isEqualTo(6L);
        assertThat(client.call("GET", "s")).isEqualTo("abc\0\0z");
        assertThat(client.call("GETSET", "s", "new")).isEqualTo("abc\0\0z");
        assertThat(client.call("GETEX", "s", "EX", "100")).isEqualTo("new");
        assertThat(client.call("TTL", "s")).isEqualTo(100L);
        assertThat(client.call("GETEX", "s", "PERSIST")).isEqualTo("new");
        assertThat(client.call("TTL", "s")).isEqualTo(-1L);
        assertThat(client.call("GETDEL", "s")).isEqualTo("new");
        assertThat(client.call("GETDEL", "s")).isNull();
        assertThat(client.call("STRLEN", "s")).isEqualTo(0L);
        assertThat(client.call("APPEND", "s2", "x")).isEqualTo(1L);
        assertThat(client.call("INCRBYFLOAT", "f", "10.5")).isEqualTo("10.5");
        assertThat(client.call("INCRBYFLOAT", "f", "-0.5")).isEqualTo("10");
        assertThat(client.call("INCRBYFLOAT", "f", "2.0e2")).isEqualTo("210");
        assertThat(client.call("INCRBYFLOAT", "s2", "1")).isEqualTo(new ErrorReply("ERR value is not a valid float"));
        assertThat(client.call("TOUCH", "s2", "f", "nothing")).isEqualTo(2L);
        assertThat((List<?>) client.call("TIME")).hasSize(2);
        assertThat(client.call("UNLINK", "s2", "nothing")).isEqualTo(1L);
    }

    @Test
    void renameAndMsetnxStayInOneSlot() throws IOException {
        client.call("SET", "{r}a", "v");
        client.call("EXPIRE", "{r}a", "100");
        assertThat(client.call("RENAME", "{r}a", "{r}b")).isEqualTo("OK");
        assertThat(client.call("GET", "{r}a")).isNull();
        assertThat(client.call("GET", "{r}b")).isEqualTo("v");
        assertThat(client.call("TTL", "{r}b")).isEqualTo(100L);
        assertThat(client.call("RENAME", "{r}missing", "{r}x")).isEqualTo(new ErrorReply("ERR no such key"));
        assertThat(client.call("RENAME", "foo", "bar")).isEqualTo(
                new ErrorReply("CROSSSLOT Keys in request don't hash to the same slot"));
        client.call("SET", "{r}c", "taken");
        assertThat(client.call("RENAMENX", "{r}b", "{r}c")).isEqualTo(0L);
        assertThat(client.call("RENAMENX", "{r}b", "{r}d")).isEqualTo(1L);
        assertThat(client.call("GET", "{r}d")).isEqualTo("v");
        assertThat(client.call("EXISTS", "{r}b")).isEqualTo(0L);
        assertThat(client.call("MSETNX", "{m}1", "a", "{m}2", "b")).isEqualTo(1L);
        assertThat(client.call("MSETNX", "{m}2", "c", "{m}3", "d")).isEqualTo(0L);
        assertThat(client.call("GET", "{m}3")).isNull();
        assertThat(client.call("MSETNX", "foo", "1", "bar", "2")).isEqualTo(
                new ErrorReply("CROSSSLOT Keys in request don't hash to the same slot"));
    }

    @Test
    void scanWalksEverySlotAndKeysDbsizeAndFlushAgree() throws IOException {
        assertThat(client.call("FLUSHALL")).isEqualTo("OK");
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            client.call("SET", "scan:" + i, "v");
            written.add("scan:" + i);
        }
        client.call("HSET", "scan:hash", "f", "v");
        client.call("SET", "other", "v");
        client.call("SET", "deleted", "v");
        client.call("DEL", "deleted");

        List<String> seen = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<?> reply = (List<?>) client.call("SCAN", cursor, "MATCH", "scan:*", "COUNT", "7", "TYPE", "string");
            cursor = (String) reply.get(0);
            for (Object key : (List<?>) reply.get(1)) {
                seen.add((String) key);
            }
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(written);
        assertThat(calls).isGreaterThan(1);

        assertThat(client.call("DBSIZE")).isEqualTo(52L);
        assertThat((List<?>) client.call("KEYS", "scan:?")).hasSize(10);
        assertThat((List<?>) client.call("KEYS", "*")).hasSize(52);
        assertThat(client.call("SCAN", "99999")).isInstanceOf(ErrorReply.class);
        assertThat(client.call("FLUSHDB")).isEqualTo("OK");
        assertThat(client.call("DBSIZE")).isEqualTo(0L);
    }

    @Test
    void clusterRepliesDescribeTheSlotTable() throws IOException {
        assertThat(client.call("CLUSTER", "KEYSLOT", "foo")).isEqualTo(12182L);
        assertThat(client.call("CLUSTER", "KEYSLOT", "{user1000}.following")).isEqualTo(
                client.call("CLUSTER", "KEYSLOT", "{user1000}.followers"));
        String id = (String) client.call("CLUSTER", "MYID");
        assertThat(id).matches("[0-9a-f]{40}");
        assertThat((String) client.call("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_known_nodes:1");
        String address = "127.0.0.1:" + node.clientAddress().getPort();
        assertThat((String) client.call("CLUSTER", "NODES")).startsWith(id + " " + address + "@")
                .contains("myself,master - 0 0 1 connected 0-16383");
        List<?> slots = (List<?>) client.call("CLUSTER", "SLOTS");
        assertThat(slots).hasSize(1);
        List<?> range = (List<?>) slots.get(0);
        assertThat(range.subList(0, 2)).isEqualTo(List.of(0L, 16383L));
        assertThat(((List<?>) range.get(2)).subList(0, 3)).isEqualTo(
                List.of("127.0.0.1", (long) node.clientAddress().getPort(), id));
        assertThat((List<?>) client.call("CLUSTER", "SHARDS")).hasSize(1);
        assertThat(client.call("READONLY")).isEqualTo("OK");
        assertThat(client.call("ASKING")).isEqualTo("OK");
        client.call("SET", "foo", "1");
        assertThat(client.call("CLUSTER", "COUNTKEYSINSLOT", "12182")).isEqualTo(1L);
        assertThat(client.call("CLUSTER", "GETKEYSINSLOT", "12182", "10")).isEqualTo(List.of("foo"));
    }

    @Test
    void pipelinedCommandsOnOneKeyRunInOrder() throws IOException {
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            pipeline.append("HSET pipe f").append(i).append(" v\r\n");
        }
        pipeline.append("HLEN pipe\r\nDEL pipe\r\nHLEN pipe\r\nINCR pipe:c\r\nINCR pipe:c\r\nGET pipe:c\r\nDBSIZE\r\n");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.clientAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(pipeline.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 50; i++) {
                assertThat(in.readLine()).isEqualTo(":1");
            }
            assertThat(in.readLine()).isEqualTo(":50");
            assertThat(in.readLine()).isEqualTo(":1");
            assertThat(in.readLine()).isEqualTo(":0");
            assertThat(in.readLine()).isEqualTo(":1");
            assertThat(in.readLine()).isEqualTo(":2");
            assertThat(in.readLine()).isEqualTo("$1");
            assertThat(in.readLine()).isEqualTo("2");
            assertThat(in.readLine()).startsWith(":");
        }
    }

    @Test
    void unknownCommandsAnswerLikeRedis() throws IOException {
        assertThat(client.call("LPUSH", "list", "a")).isEqualTo(
                new ErrorReply("ERR unknown command 'LPUSH', with args beginning with: 'list' 'a' "));
    }
}
