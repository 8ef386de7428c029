package chorus.server.node;

import static java.util.Objects.requireNonNull;

import chorus.core.port.Cancellable;
import chorus.core.port.Scheduler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The core's {@link Scheduler} over the node's event loop: tasks run on the node thread, one at a
 * time, so they never run concurrently with message delivery or with each other.
 */
final class EventLoopScheduler implements Scheduler {
    private final EventExecutor nodeLoop;

    EventLoopScheduler(EventExecutor nodeLoop) {
        this.nodeLoop = requireNonNull(nodeLoop, "nodeLoop is null");
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        try {
            if (delay.isZero() && nodeLoop.inEventLoop()) {
                // Still a separate task, as the contract promises: the caller must not be re-entered.
                nodeLoop.execute(task);
                return Cancellable.NONE;
            }
            ScheduledFuture<?> future = nodeLoop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            // The node is shutting down: its pending work is abandoned, as Node.stop() documents.
            return Cancellable.NONE;
        }
    }
}
