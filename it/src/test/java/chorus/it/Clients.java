package chorus.it;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

/** Real clients configured as a careful user would for a test machine. */
final class Clients {
    /** Replies can be slow on a busy two-core machine; Jedis waits only 2 s by default. */
    private static final int TIMEOUT_MILLIS = 10_000;

    private Clients() {
    }

    /** A classic Jedis connection to 127.0.0.1:port, RESP2 (classic Jedis does not negotiate RESP3). */
    static Jedis jedis(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2).timeoutMillis(TIMEOUT_MILLIS).build());
    }
}
