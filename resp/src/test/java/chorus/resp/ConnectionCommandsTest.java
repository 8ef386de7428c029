package chorus.resp;

import static chorus.resp.Resp.ascii;
import static chorus.resp.Resp.concat;
import static chorus.resp.Resp.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The connection commands every backend gets, with Redis's exact replies. */
class ConnectionCommandsTest {
    private final ScriptedHandler handler = new ScriptedHandler();
    private final EmbeddedResp client = new EmbeddedResp(handler);

    private static String helloMap(String open, String proto, long id, String mode) {
        return open + "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.0\r\n$5\r\nproto\r\n:" + proto
                + "\r\n$2\r\nid\r\n:" + id + "\r\n$4\r\nmode\r\n$" + mode.length() + "\r\n" + mode
                + "\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n";
    }

    @Test
    void pingAndEcho() {
        assertThat(client.command("PING")).isEqualTo("+PONG\r\n");
        assertThat(client.command("PING", "hi")).isEqualTo("$2\r\nhi\r\n");
        assertThat(client.command("PING", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
        assertThat(client.command("ECHO", "hey")).isEqualTo("$3\r\nhey\r\n");
        assertThat(client.command("ECHO")).isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
    }

    @Test
    void helloThreeSwitchesToRespThreeAndRepliesWithAMap() {
        long id = client.connection().id();

        assertThat(client.command("HELLO", "3")).isEqualTo(helloMap("%7\r\n", "3", id, "standalone"));
        assertThat(client.connection().protocol()).isEqualTo(3);
        assertThat(client.command("GET")).startsWith("-ERR wrong number");
        handler.deferReplies = false;
        assertThat(client.command("NOSUCH")).startsWith("-ERR unknown command");
        assertThat(client.command("CLIENT", "GETNAME")).isEqualTo("_\r\n");

        assertThat(client.command("HELLO", "2")).isEqualTo(helloMap("*14\r\n", "2", id, "standalone"));
        assertThat(client.command("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
    }

    @Test
    void helloWithoutVersionDescribesTheCurrentProtocol() {
        assertThat(client.command("HELLO")).startsWith("*14\r\n");
        assertThat(client.connection().protocol()).isEqualTo(2);
    }

    @Test
    void helloReportsClusterMode() {
        EmbeddedResp cluster = new EmbeddedResp(
                RespServerConfig.of("127.0.0.1", 0).withMode(RespServerConfig.Mode.CLUSTER), handler);

        assertThat(cluster.command("HELLO", "3")).isEqualTo(helloMap("%7\r\n", "3", cluster.connection().id(), "cluster"));
    }

    @Test
    void helloRejectsUnknownVersionsAndOptions() {
        assertThat(client.command("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        assertThat(client.command("HELLO", "1")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        assertThat(client.command("HELLO", "three"))
                .isEqualTo("-ERR Protocol version is not an integer or out of range\r\n");
        assertThat(client.command("HELLO", "3", "AUTH", "default"))
                .isEqualTo("-ERR Syntax error in HELLO option 'AUTH'\r\n");
        assertThat(client.command("HELLO", "3", "bogus")).isEqualTo("-ERR Syntax error in HELLO option 'bogus'\r\n");
        assertThat(client.connection().protocol()).isEqualTo(2);
    }

    @Test
    void helloSetsTheName() {
        assertThat(client.command("HELLO", "3", "SETNAME", "app")).startsWith("%7\r\n");
        assertThat(client.command("CLIENT", "GETNAME")).isEqualTo("$3\r\napp\r\n");
        assertThat(client.command("HELLO", "3", "SETNAME", "bad name"))
                .isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
    }

    @Test
    void repliesToCommandsBeforeHelloStayInTheOldProtocol() {
        handler.deferReplies = true;

        client.send(concat(request("GET", "a"), request("HELLO", "3")));
        handler.deferred.get(0).complete(Reply.nullBulk());

        assertThat(client.written()).startsWith("$-1\r\n%7\r\n");
    }

    @Test
    void authWithoutAConfiguredPassword() {
        assertThat(client.command("AUTH", "secret")).isEqualTo("-ERR AUTH <password> called without any password "
                + "configured for the default user. Are you sure your configuration is correct?\r\n");
        assertThat(client.command("AUTH", "default", "anything")).isEqualTo("+OK\r\n");
        assertThat(client.command("AUTH", "alice", "anything"))
                .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertThat(client.command("AUTH", "a", "b", "c")).isEqualTo("-ERR syntax error\r\n");
        assertThat(client.command("AUTH")).isEqualTo("-ERR wrong number of arguments for 'auth' command\r\n");
    }

    @Test
    void aConfiguredPasswordGuardsEveryOtherCommand() {
        EmbeddedResp guarded = new EmbeddedResp(RespServerConfig.of("127.0.0.1", 0).withPassword("s3cret"), handler);

        assertThat(guarded.command("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(guarded.command("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(guarded.command("CLIENT", "HELP")).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(guarded.command("HELLO", "3")).startsWith("-NOAUTH HELLO must be called with the client already authenticated");
        assertThat(guarded.command("AUTH", "wrong")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertThat(handler.handled).isEmpty();
        assertThat(handler.rejected).contains("GET: NOAUTH Authentication required.");

        assertThat(guarded.command("AUTH", "s3cret")).isEqualTo("+OK\r\n");
        assertThat(guarded.command("GET", "k")).isEqualTo("$1\r\nk\r\n");
    }

    @Test
    void helloCanAuthenticate() {
        EmbeddedResp guarded = new EmbeddedResp(RespServerConfig.of("127.0.0.1", 0).withPassword("s3cret"), handler);

        assertThat(guarded.command("HELLO", "3", "AUTH", "default", "nope"))
                .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertThat(guarded.connection().protocol()).isEqualTo(2);
        assertThat(guarded.command("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "me")).startsWith("%7\r\n");
        assertThat(guarded.connection().isAuthenticated()).isTrue();
        assertThat(guarded.connection().name()).isEqualTo("me");
    }

    @Test
    void pipelinedAuthUnlocksTheCommandsAfterIt() {
        EmbeddedResp guarded = new EmbeddedResp(RespServerConfig.of("127.0.0.1", 0).withPassword("pw"), handler);

        assertThat(guarded.send(concat(request("AUTH", "pw"), request("SET", "k", "x".repeat(20_000)))))
                .isEqualTo("+OK\r\n+OK\r\n");
    }

    @Test
    void selectOnlyKnowsDatabaseZero() {
        assertThat(client.command("SELECT", "0")).isEqualTo("+OK\r\n");
        assertThat(client.command("SELECT", "1")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(client.command("SELECT", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void resetRestoresANewConnection() {
        ConnectionAttribute<String> level = ConnectionAttribute.of("level", "QUORUM");
        client.command("HELLO", "3", "SETNAME", "app");
        client.connection().set(level, "ONE");

        assertThat(client.command("RESET")).isEqualTo("+RESET\r\n");

        assertThat(client.connection().protocol()).isEqualTo(2);
        assertThat(client.connection().name()).isEmpty();
        assertThat(client.connection().get(level)).isEqualTo("QUORUM");
        assertThat(handler.resets).containsExactly(client.connection().id());
    }

    @Test
    void resetLogsOutWhenAPasswordIsConfigured() {
        EmbeddedResp guarded = new EmbeddedResp(RespServerConfig.of("127.0.0.1", 0).withPassword("pw"), handler);
        guarded.command("AUTH", "pw");

        guarded.command("RESET");

        assertThat(guarded.command("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
    }

    @Test
    void unknownCommandsAreQuotedAsRedisQuotesThem() {
        assertThat(client.command("xyz", "a", "b")).isEqualTo("-ERR unknown command 'xyz', with args beginning with: 'a' 'b' \r\n");
        assertThat(client.command("foo")).isEqualTo("-ERR unknown command 'foo', with args beginning with: \r\n");
        assertThat(client.send(ascii("world 1\r\n"))).isEqualTo("-ERR unknown command 'world', with args beginning with: '1' \r\n");
        assertThat(client.command("bad", "x\r\ny")).isEqualTo("-ERR unknown command 'bad', with args beginning with: 'x  y' \r\n");
        assertThat(handler.rejected).contains("XYZ: ERR unknown command 'xyz', with args beginning with: 'a' 'b' ");
    }

    @Test
    void unknownCommandMessagesQuoteAtMost128Characters() {
        String reply = client.command("nope", "a".repeat(100), "b".repeat(100), "c");

        assertThat(reply).isEqualTo("-ERR unknown command 'nope', with args beginning with: '" + "a".repeat(100) + "' '"
                + "b".repeat(25) + "' \r\n");
    }

    @Test
    void arityIsCheckedForDataCommandsAndSubcommands() {
        assertThat(client.command("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(client.command("GET", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(client.command("SET", "k")).isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
        assertThat(client.command("CLIENT")).isEqualTo("-ERR wrong number of arguments for 'client' command\r\n");
        assertThat(client.command("CLIENT", "SETNAME"))
                .isEqualTo("-ERR wrong number of arguments for 'client|setname' command\r\n");
        assertThat(client.command("CLUSTER", "KEYSLOT"))
                .isEqualTo("-ERR wrong number of arguments for 'cluster|keyslot' command\r\n");
        assertThat(handler.handled).isEmpty();
        assertThat(client.command("cluster", "keyslot", "foo")).isEqualTo("$7\r\nkeyslot\r\n");
    }

    @Test
    void unknownSubcommandsPointToHelp() {
        assertThat(client.command("CLIENT", "bogus")).isEqualTo("-ERR unknown subcommand 'bogus'. Try CLIENT HELP.\r\n");
        assertThat(client.command("CLIENT", "MAINT_NOTIFICATIONS", "on"))
                .isEqualTo("-ERR unknown subcommand 'MAINT_NOTIFICATIONS'. Try CLIENT HELP.\r\n");
        assertThat(client.command("CLUSTER", "NODES")).isEqualTo("-ERR unknown subcommand 'NODES'. Try CLUSTER HELP.\r\n");
        assertThat(client.command("CLUSTER", "help")).startsWith("*7\r\n+CLUSTER <subcommand>")
                .contains("+MYID\r\n").endsWith("+HELP\r\n+    Print this help.\r\n");
    }

    @Test
    void clientNamesAndLibraryInfo() {
        assertThat(client.command("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
        assertThat(client.command("CLIENT", "SETNAME", "worker-1")).isEqualTo("+OK\r\n");
        assertThat(client.command("client", "getname")).isEqualTo("$8\r\nworker-1\r\n");
        assertThat(client.command("CLIENT", "SETNAME", "two words"))
                .isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertThat(client.command("CLIENT", "SETNAME", "")).isEqualTo("+OK\r\n");
        assertThat(client.command("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");

        assertThat(client.command("CLIENT", "SETINFO", "LIB-NAME", "jedis")).isEqualTo("+OK\r\n");
        assertThat(client.command("CLIENT", "SETINFO", "lib-ver", "7.7.0.RELEASE/1960d49")).isEqualTo("+OK\r\n");
        assertThat(client.command("CLIENT", "SETINFO", "lib-colour", "red")).isEqualTo("-ERR Unrecognized option 'lib-colour'\r\n");
        assertThat(client.connection().libraryName()).isEqualTo("jedis");
        assertThat(client.connection().libraryVersion()).isEqualTo("7.7.0.RELEASE/1960d49");
    }

    @Test
    void clientIdInfoAndList() {
        long id = client.connection().id();
        client.command("CLIENT", "SETNAME", "me");

        assertThat(client.command("CLIENT", "ID")).isEqualTo(":" + id + "\r\n");
        String info = client.command("CLIENT", "INFO");
        assertThat(info).startsWith("$").contains("id=" + id + " addr=").contains(" name=me ")
                .contains(" cmd=client|info ").contains(" resp=2 ").endsWith("lib-ver=\n\r\n");

        EmbeddedResp other = new EmbeddedResp(client.initializer);
        String list = client.command("CLIENT", "LIST");
        assertThat(list).contains("id=" + id + " ").contains("id=" + other.connection().id() + " ");
        assertThat(client.command("CLIENT", "LIST", "ID", String.valueOf(id))).doesNotContain("id=" + other.connection().id());
        assertThat(client.command("CLIENT", "LIST", "TYPE", "pubsub")).isEqualTo("$0\r\n\r\n");
        client.command("HELLO", "3");
        assertThat(client.command("CLIENT", "INFO")).startsWith("=").contains("txt:id=" + id);
    }

    @Test
    void clientKillClosesOtherConnections() {
        EmbeddedResp other = new EmbeddedResp(client.initializer);

        assertThat(client.command("CLIENT", "KILL", "ID", String.valueOf(other.connection().id()))).isEqualTo(":1\r\n");
        assertThat(other.channel.isOpen()).isFalse();
        assertThat(client.command("CLIENT", "KILL", "ID", String.valueOf(client.connection().id()))).isEqualTo(":0\r\n");
        assertThat(client.command("CLIENT", "KILL", "1.2.3.4:5")).isEqualTo("-ERR No such client\r\n");
    }

    @Test
    void commandCountListsConnectionAndDataCommands() {
        assertThat(client.command("COMMAND", "COUNT")).isEqualTo(":13\r\n");
        assertThat(client.command("COMMAND", "LIST")).startsWith("*13\r\n").contains("$3\r\nget\r\n").contains("$5\r\nhello\r\n");
        assertThat(client.command("COMMAND")).startsWith("*13\r\n");
    }

    @Test
    void commandInfoHasRedisSevenShape() {
        assertThat(client.command("COMMAND", "INFO", "get", "nosuch")).isEqualTo("*2\r\n*10\r\n$3\r\nget\r\n:2\r\n"
                + "*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*0\r\n*0\r\n*0\r\n*0\r\n$-1\r\n");
        assertThat(client.command("COMMAND", "INFO", "client|setname")).startsWith("*1\r\n*10\r\n$14\r\nclient|setname\r\n:3\r\n");
    }

    @Test
    void commandDocsIsAMapOfMaps() {
        assertThat(client.command("COMMAND", "DOCS", "get")).isEqualTo("*2\r\n$3\r\nget\r\n*6\r\n"
                + "$7\r\nsummary\r\n$34\r\nReturns the string value of a key.\r\n"
                + "$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n");
        client.command("HELLO", "3");
        assertThat(client.command("COMMAND", "DOCS", "get")).startsWith("%1\r\n$3\r\nget\r\n%3\r\n");
        assertThat(client.command("COMMAND", "DOCS")).startsWith("%13\r\n");
        assertThat(client.command("COMMAND", "DOCS", "client")).contains("$11\r\nsubcommands\r\n%8\r\n");
    }
}
