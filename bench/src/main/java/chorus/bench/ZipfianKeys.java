package chorus.bench;

import java.util.SplittableRandom;

/**
 * Zipf-distributed key indexes: key 0 is the hottest, and key i is chosen with probability
 * proportional to 1/(i+1)^exponent. This uses the constant-time inversion of Gray et al., "Quickly
 * Generating Billion-Record Synthetic Databases" (SIGMOD 1994, §6), the method YCSB also uses; the
 * exponent 0.99 is YCSB's default. Hot keys stay at the low indexes rather than being scattered:
 * the servers hash key names to slots anyway, so their placement on the cluster is already mixed.
 */
final class ZipfianKeys implements KeyChooser {
    static final double DEFAULT_EXPONENT = 0.99;
    /** Above this many keys, the tail of the zeta sum is approximated by an integral. */
    private static final long EXACT_TERMS_MAX = 10_000_000;

    private final long keys;
    private final double exponent;
    private final double zetaKeys;
    private final double alpha;
    private final double eta;
    private final double secondThreshold;

    ZipfianKeys(long keys, double exponent) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys=" + keys + " (expected: >= 1)");
        }
        if (exponent <= 0 || exponent >= 1) {
            throw new IllegalArgumentException("exponent=" + exponent + " (expected: 0 < exponent < 1)");
        }
        this.keys = keys;
        this.exponent = exponent;
        this.zetaKeys = zeta(keys, exponent);
        double zetaTwo = zeta(2, exponent);
        this.alpha = 1.0 / (1.0 - exponent);
        this.eta = (1 - Math.pow(2.0 / keys, 1 - exponent)) / (1 - zetaTwo / zetaKeys);
        this.secondThreshold = 1 + Math.pow(0.5, exponent);
    }

    @Override
    public long next(SplittableRandom random) {
        double u = random.nextDouble();
        double uz = u * zetaKeys;
        if (uz < 1) {
            return 0;
        }
        if (uz < secondThreshold || keys == 2) {
            return Math.min(1, keys - 1);
        }
        long index = (long) (keys * Math.pow(eta * u - eta + 1, alpha));
        return Math.min(index, keys - 1);
    }

    /** The share of requests that go to the {@code hottest} most popular keys. */
    double shareOfHottest(long hottest) {
        return zeta(Math.min(hottest, keys), exponent) / zetaKeys;
    }

    @Override
    public String describe() {
        long onePercent = Math.max(1, keys / 100);
        return String.format(java.util.Locale.ROOT,
                "%d keys, zipfian (exponent %.2f): the hottest key gets %.1f%% of requests, the hottest %d keys (1%%) %.0f%%",
                keys, exponent, 100 * shareOfHottest(1), onePercent, 100 * shareOfHottest(onePercent));
    }

    /** The generalized harmonic number: the sum of 1/i^exponent for i = 1..n. */
    static double zeta(long n, double exponent) {
        long exact = Math.min(n, EXACT_TERMS_MAX);
        double sum = 0;
        for (long i = 1; i <= exact; i++) {
            sum += 1 / Math.pow(i, exponent);
        }
        if (n > exact) {
            // Euler-Maclaurin: the integral of x^-s from exact to n, plus the endpoint correction.
            double oneMinus = 1 - exponent;
            sum += (Math.pow(n, oneMinus) - Math.pow(exact, oneMinus)) / oneMinus
                    + (Math.pow(n, -exponent) - Math.pow(exact, -exponent)) / 2;
        }
        return sum;
    }
}
