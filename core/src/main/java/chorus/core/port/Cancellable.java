package chorus.core.port;

/** A scheduled task that has not run yet can be cancelled; cancelling later is a no-op. */
@FunctionalInterface
public interface Cancellable {
    Cancellable NONE = () -> { };

    void cancel();
}
