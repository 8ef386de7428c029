package chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeysAndCommandsTest {
    @Test
    void requestsAreRespArraysOfBulkStrings() {
        CommandEncoder encoder = new CommandEncoder(3);
        ByteBuffer out = ByteBuffer.allocate(encoder.requestBytesMax() * 3);
        SplittableRandom random = new SplittableRandom(1);

        encoder.write(out, Operation.SET, 42, random);
        encoder.write(out, Operation.GET, 7, random);
        encoder.write(out, Operation.INCR, 999_999_999_999L, random);

        assertThat(new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII)).isEqualTo(
                "*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000042\r\n$3\r\nakr\r\n"
                        + "*2\r\n$3\r\nGET\r\n$16\r\nkey:000000000007\r\n"
                        + "*2\r\n$4\r\nINCR\r\n$20\r\ncounter:999999999999\r\n");
        assertThat(CommandEncoder.key(Operation.HSET, 5)).isEqualTo("hash:000000000005");
    }

    @Test
    void casSwapsBetweenTheTwoValuesInBothDirections() {
        CommandEncoder encoder = new CommandEncoder(2);
        SplittableRandom random = new SplittableRandom(3);
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 20; i++) {
            ByteBuffer out = ByteBuffer.allocate(encoder.requestBytesMax());
            encoder.write(out, Operation.CAS, 1, random);
            String request = new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
            seen.add(request.substring(request.indexOf("$2\r\n", 30)));
        }
        assertThat(seen).containsExactly("$2\r\nak\r\n$4\r\nIFEQ\r\n$2\r\nbk\r\n", "$2\r\nbk\r\n$4\r\nIFEQ\r\n$2\r\nak\r\n");
    }

    @Test
    void zipfianKeysFavourTheHottestAsTheFormulaSays() {
        ZipfianKeys keys = new ZipfianKeys(1000, ZipfianKeys.DEFAULT_EXPONENT);
        SplittableRandom random = new SplittableRandom(7);
        int draws = 200_000;
        int hottest = 0;
        int topTen = 0;
        for (int i = 0; i < draws; i++) {
            long key = keys.next(random);
            assertThat(key).isBetween(0L, 999L);
            hottest += key == 0 ? 1 : 0;
            topTen += key < 10 ? 1 : 0;
        }
        assertThat((double) hottest / draws).isCloseTo(keys.shareOfHottest(1), within(0.01));
        assertThat((double) topTen / draws).isCloseTo(keys.shareOfHottest(10), within(0.02));
        assertThat(keys.describe()).contains("1000 keys, zipfian (exponent 0.99)");
    }

    @Test
    void zetaOfALargeKeySpaceIsCloseToTheExactSum() {
        double exact = 0;
        for (long i = 1; i <= 30_000_000L; i++) {
            exact += 1 / Math.pow(i, 0.99);
        }
        assertThat(ZipfianKeys.zeta(30_000_000L, 0.99)).isCloseTo(exact, within(exact * 1e-6));
    }

    @Test
    void sequentialKeysVisitEachKeyOnceAcrossCallers() {
        KeyChooser keys = KeyChooser.of(KeyChooser.Kind.SEQUENTIAL, 3);
        SplittableRandom random = new SplittableRandom(1);
        assertThat(new long[] {keys.next(random), keys.next(random), keys.next(random), keys.next(random)})
                .containsExactly(0, 1, 2, 0);
    }

    @Test
    void mixesParseAndDrawInProportion() {
        OperationMix mix = OperationMix.parse("get=90, set=10");
        SplittableRandom random = new SplittableRandom(5);
        int gets = 0;
        for (int i = 0; i < 100_000; i++) {
            gets += mix.next(random) == Operation.GET ? 1 : 0;
        }
        assertThat(gets / 100_000.0).isCloseTo(0.9, within(0.01));
        assertThat(mix).hasToString("get=90,set=10");
        assertThat(OperationMix.parse("set=0,incr=3")).hasToString("incr=3");
    }
}
