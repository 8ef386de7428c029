package chorus.core.port;

/**
 * The completion of an asynchronous operation, always called on the node thread. Failures are
 * results (a sealed result type), never exceptions thrown across threads.
 */
@FunctionalInterface
public interface Callback<T> {
    void completed(T result);
}
