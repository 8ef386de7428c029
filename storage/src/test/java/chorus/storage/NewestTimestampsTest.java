package chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.model.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NewestTimestampsTest {

    @Test
    void answersOnlyForKeysItHoldsAndTheirLatestRecord() {
        NewestTimestamps table = new NewestTimestamps(64);
        assertThat(table.newest(key("a"))).isNull();
        table.record(key("a"), new Timestamp(5, 1));
        table.record(key("b"), Timestamp.MIN);
        table.record(key("a"), new Timestamp(9, 2));
        assertThat(table.newest(key("a"))).isEqualTo(new Timestamp(9, 2));
        assertThat(table.newest(key("b"))).isEqualTo(Timestamp.MIN); // Known to have no row.
        assertThat(table.newest(key("c"))).isNull();
    }

    @Test
    void keysLongerThanAnEntryHoldsAreNeverKept() {
        NewestTimestamps table = new NewestTimestamps(64);
        byte[] longKey = new byte[NewestTimestamps.KEY_BYTES + 1];
        table.record(longKey, new Timestamp(5, 1));
        assertThat(table.newest(longKey)).isNull();
        byte[] longest = new byte[NewestTimestamps.KEY_BYTES];
        table.record(longest, new Timestamp(5, 1));
        assertThat(table.newest(longest)).isEqualTo(new Timestamp(5, 1));
    }

    @Test
    void keysThatShareAPrefixOrAHashBucketAreToldApart() {
        NewestTimestamps table = new NewestTimestamps(4); // One bucket: every key competes for it.
        table.record(key("ab"), new Timestamp(1, 1));
        table.record(key("abc"), new Timestamp(2, 1));
        table.record(key("a"), new Timestamp(3, 1));
        assertThat(table.newest(key("ab"))).isEqualTo(new Timestamp(1, 1));
        assertThat(table.newest(key("abc"))).isEqualTo(new Timestamp(2, 1));
        assertThat(table.newest(key("a"))).isEqualTo(new Timestamp(3, 1));
        assertThat(table.newest(key("b"))).isNull();
    }

    /** Overfilled, it forgets keys (their writes read again) but never answers a wrong timestamp. */
    @Test
    void overfilledItForgetsButNeverAnswersWrong() {
        NewestTimestamps table = new NewestTimestamps(32);
        Map<String, Timestamp> truth = new HashMap<>();
        Random random = new Random(7);
        int answered = 0;
        for (int i = 0; i < 20_000; i++) {
            String name = "key:" + random.nextInt(500);
            if (random.nextBoolean()) {
                Timestamp stamp = new Timestamp(random.nextInt(1_000_000), random.nextInt(3));
                table.record(key(name), stamp);
                truth.put(name, stamp);
            } else {
                Timestamp known = table.newest(key(name));
                if (known != null) {
                    answered++;
                    assertThat(known).as(name).isEqualTo(truth.get(name));
                }
            }
        }
        assertThat(table.capacity()).isEqualTo(32);
        assertThat(answered).as("lookups the table could answer").isPositive();
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
