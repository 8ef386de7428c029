package chorus.core.port;

import java.time.Duration;

/**
 * Runs a task later on the node thread. Tasks never run concurrently with each other or with
 * message delivery, so core code needs no locks.
 */
public interface Scheduler {
    Cancellable schedule(Duration delay, Runnable task);
}
