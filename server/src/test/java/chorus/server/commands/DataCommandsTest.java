package chorus.server.commands;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import chorus.core.model.Cell;
import chorus.core.model.ColumnKind;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.node.Keyspace;
import chorus.core.replication.WriteResult;
import chorus.server.cli.RespClient;
import chorus.server.cli.RespClient.ErrorReply;
import chorus.server.node.ChorusNode;
import chorus.server.node.TestNodes;
import java.io.IOException;
import java.nio.file.Path;
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

/** The data commands against one real node (replication factor 1) over a real socket. */
@Timeout(60)
class DataCommandsTest {
    @TempDir
    static Path data;
    static ChorusNode node;
    RespClient client;

    @BeforeAll
    static void startNode() {
        node = ChorusNode.start(TestNodes.cluster(1, data, Map.of("max-value-size", "1KiB", "max-key-size", "100")).get(0));
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
    void setThenGet() throws IOException {
        assertThat(client.call("SET", "greeting", "hello")).isEqualTo("OK");
        assertThat(client.call("GET", "greeting")).isEqualTo("hello");
        assertThat(client.call("SET", "greeting", "again")).isEqualTo("OK");
        assertThat(client.call("GET", "greeting")).isEqualTo("again");
    }

    @Test
    void missingKeyIsNil() throws IOException {
        assertThat(client.call("GET", "never-set")).isNull();
    }

    @Test
    void delCountsTheKeysThatExisted() throws IOException {
        client.call("SET", "del-a", "1");
        client.call("SET", "del-b", "2");

        assertThat(client.call("DEL", "del-a", "del-b", "del-missing")).isEqualTo(2L);
        assertThat(client.call("GET", "del-a")).isNull();
        assertThat(client.call("DEL", "del-a")).isEqualTo(0L);
        assertThat(client.call("SET", "del-a", "back")).isEqualTo("OK");
        assertThat(client.call("GET", "del-a")).isEqualTo("back");
    }

    @Test
    void existsCountsLiveKeys() throws IOException {
        client.call("SET", "exists-a", "1");

        assertThat(client.call("EXISTS", "exists-a", "exists-missing", "exists-a")).isEqualTo(2L);
    }

    @Test
    void msetThenMget() throws IOException {
        assertThat(client.call("MSET", "m1", "one", "m2", "two")).isEqualTo("OK");

        assertThat(client.call("MGET", "m1", "m-missing", "m2")).isEqualTo(Arrays.asList("one", null, "two"));
        assertThat(client.call("MSET", "m1", "one", "m2")).isEqualTo(
                new ErrorReply("ERR wrong number of arguments for 'mset' command"));
    }

    @Test
    void expiryHidesTheValue() throws IOException, InterruptedException {
        assertThat(client.call("SET", "ephemeral", "soon gone", "PX", "1500")).isEqualTo("OK");
        assertThat(client.call("SET", "lasting", "stays", "EX", "100")).isEqualTo("OK");
        assertThat(client.call("GET", "ephemeral")).isEqualTo("soon gone");

        Thread.sleep(2000);

        assertThat(client.call("GET", "ephemeral")).isNull();
        assertThat(client.call("EXISTS", "ephemeral")).isEqualTo(0L);
        assertThat(client.call("GET", "lasting")).isEqualTo("stays");
    }

    @Test
    void setOptionsAreChecked() throws IOException {
        assertThat(client.call("SET", "k", "v", "EX", "0"))
                .isEqualTo(new ErrorReply("ERR invalid expire time in 'set' command"));
        assertThat(client.call("SET", "k", "v", "EX", "soon"))
                .isEqualTo(new ErrorReply("ERR value is not an integer or out of range"));
        assertThat(client.call("SET", "k", "v", "FOREVER")).isEqualTo(new ErrorReply("ERR syntax error"));
    }

    @Test
    void conditionalSetsRunThroughPaxos() throws IOException {
        assertThat(client.call("SET", "cas", "first", "NX")).isEqualTo("OK");
        assertThat(client.call("SET", "cas", "second", "NX")).isNull();
        assertThat(client.call("GET", "cas")).isEqualTo("first");
        assertThat(client.call("SET", "cas", "third", "XX", "GET")).isEqualTo("first");
        assertThat(client.call("SET", "cas-absent", "x", "XX")).isNull();
        assertThat(client.call("EXISTS", "cas-absent")).isEqualTo(0L);
        assertThat(client.call("SET", "cas", "v", "NX", "XX")).isEqualTo(new ErrorReply("ERR syntax error"));
        assertThat(client.call("SET", "cas", "v", "EX", "10", "KEEPTTL")).isEqualTo(new ErrorReply("ERR syntax error"));
        assertThat(client.call("CONSISTENCY", "READ", "SERIAL", "WRITE", "SERIAL")).isEqualTo("OK");
        assertThat(client.call("SET", "serial", "s")).isEqualTo("OK");
        assertThat(client.call("GET", "serial")).isEqualTo("s");
        assertThat(client.call("GET", "cas")).isEqualTo("third");
    }

    @Test
    void compareAndSetAndCompareAndDelete() throws IOException {
        assertThat(client.call("SET", "lock", "a", "IFEQ", "a")).as("absent key: no match").isNull();
        assertThat(client.call("SET", "lock", "a")).isEqualTo("OK");
        assertThat(client.call("SET", "lock", "b", "IFEQ", "zzz")).isNull();
        assertThat(client.call("SET", "lock", "b", "IFEQ", "a")).isEqualTo("OK");
        assertThat(client.call("GET", "lock")).isEqualTo("b");
        assertThat(client.call("SET", "lock", "c", "IFEQ", "b", "GET")).isEqualTo("b");
        assertThat(client.call("SET", "lock", "d", "IFEQ", "b", "NX")).isEqualTo(new ErrorReply("ERR syntax error"));
        assertThat(client.call("SET", "lock", "d", "IFEQ")).isEqualTo(new ErrorReply("ERR syntax error"));

        assertThat(client.call("DELIFEQ", "lock", "b")).isEqualTo(0L);
        assertThat(client.call("GET", "lock")).isEqualTo("c");
        assertThat(client.call("DELIFEQ", "lock", "c")).isEqualTo(1L);
        assertThat(client.call("EXISTS", "lock")).isEqualTo(0L);
        assertThat(client.call("DELIFEQ", "lock")).isEqualTo(
                new ErrorReply("ERR wrong number of arguments for 'delifeq' command"));
    }

    @Test
    void consistencyIsPerConnection() throws IOException {
        assertThat(client.call("CONSISTENCY")).isEqualTo(List.of("read", "QUORUM", "write", "QUORUM"));
        assertThat(client.call("CONSISTENCY", "READ", "one", "WRITE", "ALL")).isEqualTo("OK");
        assertThat(client.call("CONSISTENCY")).isEqualTo(List.of("read", "ONE", "write", "ALL"));
        assertThat(client.call("SET", "levels", "x")).isEqualTo("OK");
        assertThat(client.call("CONSISTENCY", "READ", "TWO")).isInstanceOf(ErrorReply.class);
        assertThat(client.call("CONSISTENCY", "READ")).isInstanceOf(ErrorReply.class);
        assertThat(client.call("CONSISTENCY", "WRITE", "DEFAULT")).isEqualTo("OK");
        assertThat(client.call("CONSISTENCY")).isEqualTo(List.of("read", "ONE", "write", "QUORUM"));

        try (RespClient other = RespClient.connect("127.0.0.1", node.clientAddress().getPort(), 10_000)) {
            assertThat(other.call("CONSISTENCY")).isEqualTo(List.of("read", "QUORUM", "write", "QUORUM"));
        }
    }

    @Test
    void aKeyOfAnotherTypeIsWrongType() throws IOException {
        Cell field = Cell.value(Cell.column(ColumnKind.HASH_FIELD, Bytes.utf8("field")), Bytes.utf8("v"), Timestamp.MIN);
        Mutation hash = new Mutation(new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8("a-hash")), Row.of(field));
        assertThat(node.access().write(hash, null).toCompletableFuture().join())
                .isInstanceOf(WriteResult.Success.class);
        String wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";

        assertThat(client.call("GET", "a-hash")).isEqualTo(new ErrorReply(wrongType));
        assertThat(client.call("SET", "a-hash", "x", "GET")).isEqualTo(new ErrorReply(wrongType));
        assertThat(client.call("MGET", "a-hash")).isEqualTo(Arrays.asList((Object) null));
        assertThat(client.call("EXISTS", "a-hash")).isEqualTo(1L);
        assertThat(client.call("SET", "a-hash", "now a string")).isEqualTo("OK");
        assertThat(client.call("GET", "a-hash")).isEqualTo("now a string");
    }

    @Test
    void countersIncrementAndReadAsNumbers() throws IOException {
        assertThat(client.call("INCR", "hits")).isEqualTo(1L);
        assertThat(client.call("INCRBY", "hits", "10")).isEqualTo(11L);
        assertThat(client.call("DECR", "hits")).isEqualTo(10L);
        assertThat(client.call("DECRBY", "hits", "3")).isEqualTo(7L);
        assertThat(client.call("GET", "hits")).isEqualTo("7");
        assertThat(client.call("INCRBY", "hits", "ten")).isEqualTo(new ErrorReply("ERR value is not an integer or out of range"));
        client.call("SET", "text", "hello");
        assertThat(client.call("INCR", "text")).isEqualTo(
                new ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value"));
        assertThat(client.call("DEL", "hits")).isEqualTo(1L);
        assertThat(client.call("INCR", "hits")).isEqualTo(1L);
    }

    @Test
    void wrongNumberOfArguments() throws IOException {
        assertThat(client.call("GET")).isEqualTo(new ErrorReply("ERR wrong number of arguments for 'get' command"));
        assertThat(client.call("GET", "a", "b")).isInstanceOf(ErrorReply.class);
        assertThat(client.call("PING")).isEqualTo("PONG");
    }

    @Test
    void oversizedKeysAndValuesAreRefused() throws IOException {
        String value = "v".repeat(2000);
        String key = "k".repeat(101);

        assertThat(client.call("SET", "big", value))
                .isEqualTo(new ErrorReply("ERR value is 2000 bytes, over max-value-size 1024"));
        assertThat(client.call("GET", key)).isEqualTo(new ErrorReply("ERR key is 101 bytes, over max-key-size 100"));
        assertThat(client.call("MSET", "fine", "x", "big", value)).isInstanceOf(ErrorReply.class);
        assertThat(client.call("GET", "fine")).isNull();
        assertThat(client.call("PING")).isEqualTo("PONG");
    }

    @Test
    void infoHasTheSectionsClientsLookFor() throws IOException {
        String info = (String) client.call("INFO");

        assertThat(info).contains("# Server", "redis_version:7.2.0", "chorus_version:", "run_id:", "process_id:",
                "tcp_port:" + node.clientAddress().getPort(), "# Clients", "connected_clients:", "# Persistence",
                "chorus_sync_mode:fsync", "# Keyspace", "db0:keys=", "# Chorus", "node_id:n1", "replication_factor:1",
                "member_n1:", "state=up", "connection_read_consistency:QUORUM");
        assertThat((String) client.call("INFO", "clients")).startsWith("# Clients").doesNotContain("# Server");
        assertThat((String) client.call("INFO", "memory")).startsWith("# Memory").containsPattern("used_memory:[1-9][0-9]*");
        assertThat((String) client.call("INFO", "stats")).startsWith("# Stats").containsPattern("total_commands_processed:[1-9]");
    }

    @Test
    void configGetAnswersToolsAndShowsSettings() throws IOException {
        assertThat(client.call("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
        assertThat(client.call("CONFIG", "GET", "appendonly", "max-value-*"))
                .isEqualTo(List.of("appendonly", "no", "max-value-size", "1024"));
        assertThat(client.call("CONFIG", "GET", "nothing-like-this")).isEqualTo(List.of());
        assertThat(client.call("CONFIG", "SET", "save", "")).isInstanceOf(ErrorReply.class);
    }

    @Test
    void statusListsTheMember() throws IOException {
        Object status = client.call("CHORUS", "STATUS");

        assertThat(status).asList().hasSize(1);
        List<Object> row = List.copyOf((List<?>) ((List<?>) status).get(0));
        assertThat(row).containsSubsequence((Object) "id", "n1", "state", "up", "slots", 16384L);
    }
}
