package chorus.storage;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a group's completions to the callback executor (the node thread) as one task: fewer
 * wake-ups of that thread, and the order within the group is kept by construction.
 */
final class CompletionDispatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(CompletionDispatcher.class);

    private final Executor callbackExecutor;

    CompletionDispatcher(Executor callbackExecutor) {
        this.callbackExecutor = callbackExecutor;
    }

    void dispatch(List<Runnable> completions) {
        if (completions.isEmpty()) {
            return;
        }
        try {
            callbackExecutor.execute(() -> {
                for (Runnable completion : completions) {
                    try {
                        completion.run();
                    } catch (RuntimeException e) {
                        // The caller's bug; the other callers of the group still get their answers.
                        LOGGER.error("storage callback threw", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOGGER.warn("storage callbacks dropped: the callback executor rejected them count={}", completions.size());
        }
    }
}
