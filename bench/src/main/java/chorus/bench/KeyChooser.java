package chorus.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the key index (0..keys-1) of the next request. Implementations are thread-safe; each caller
 * brings its own random generator.
 */
interface KeyChooser {
    long next(SplittableRandom random);

    /** One line on how requests spread over the keys, for the summary. */
    String describe();

    /** The distributions {@code --distribution} accepts. */
    enum Kind {
        UNIFORM, ZIPFIAN, SEQUENTIAL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static KeyChooser of(Kind kind, long keys) {
        return switch (kind) {
            case UNIFORM -> new Uniform(keys);
            case ZIPFIAN -> new ZipfianKeys(keys, ZipfianKeys.DEFAULT_EXPONENT);
            case SEQUENTIAL -> new Sequential(keys);
        };
    }

    /** Every key equally likely. */
    record Uniform(long keys) implements KeyChooser {
        @Override
        public long next(SplittableRandom random) {
            return random.nextLong(keys);
        }

        @Override
        public String describe() {
            return keys + " keys, uniform";
        }
    }

    /**
     * Keys 0, 1, 2, ... in order across all connections, wrapping around after the last: with
     * {@code --operations} equal to {@code --keys} and a write-only mix, each key is written exactly
     * once (used to load a data set, and by the tests).
     */
    final class Sequential implements KeyChooser {
        private final long keys;
        private final AtomicLong next = new AtomicLong();

        Sequential(long keys) {
            this.keys = keys;
        }

        @Override
        public long next(SplittableRandom random) {
            return Math.floorMod(next.getAndIncrement(), keys);
        }

        @Override
        public String describe() {
            return keys + " keys, sequential";
        }
    }
}
