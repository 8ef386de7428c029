package chorus.resp;

import static java.util.Objects.requireNonNull;

/**
 * A typed key for per-connection state that a data backend keeps on a {@link Connection}, such as
 * the consistency level a client chose or a MULTI queue. Keys compare by identity: declare each one
 * once as a constant.
 *
 * <pre>{@code
 * static final ConnectionAttribute<ConsistencyLevel> READ_LEVEL =
 *         ConnectionAttribute.of("read-level", ConsistencyLevel.QUORUM);
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ConnectionAttribute<T> {
    private final String name;
    private final T defaultValue;

    private ConnectionAttribute(String name, T defaultValue) {
        this.name = requireNonNull(name, "name is null");
        this.defaultValue = defaultValue;
    }

    /** A key whose value is {@code defaultValue} (may be null) until set. */
    public static <T> ConnectionAttribute<T> of(String name, T defaultValue) {
        return new ConnectionAttribute<>(name, defaultValue);
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    @Override
    public String toString() {
        return name;
    }
}
