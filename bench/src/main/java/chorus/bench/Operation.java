package chorus.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * The requests the load generator can send. Each family of keys has its own prefix, so that a mix
 * of, say, SET and INCR never turns into WRONGTYPE errors: strings live under {@code key:},
 * counters under {@code counter:} and hashes under {@code hash:}.
 */
enum Operation {
    /** {@code GET key:N}; a nil reply counts as a miss, not an error. */
    GET("key:"),
    /** {@code SET key:N value}. */
    SET("key:"),
    /** {@code INCR counter:N}. */
    INCR("counter:"),
    /** {@code HSET hash:N field value}. */
    HSET("hash:"),
    /** {@code HGETALL hash:N}. */
    HGETALL("hash:"),
    /**
     * {@code SET key:N new IFEQ old} (compare-and-set, Redis 8.4's syntax), from one of two fixed
     * values to the other; a nil reply (the value was not the expected one) counts as a miss.
     */
    CAS("key:");

    private final String keyPrefix;

    Operation(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    String keyPrefix() {
        return keyPrefix;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Operation> parse(String name) {
        for (Operation operation : values()) {
            if (operation.label().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
