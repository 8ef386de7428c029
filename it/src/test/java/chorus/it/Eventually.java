package chorus.it;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Retrying an action that may fail for a bounded, stated time (e.g. while a failure detector notices a kill). */
final class Eventually {
    private Eventually() {
    }

    /**
     * Calls {@code attempt} until it returns without throwing, pausing {@code pause} between tries;
     * after {@code timeout} fails with the last error, saying what was being waited for.
     */
    static <T> T within(Duration timeout, Duration pause, String what, Callable<T> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last;
        while (true) {
            try {
                return attempt.call();
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what + "; last failure: "
                        + last, last);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
