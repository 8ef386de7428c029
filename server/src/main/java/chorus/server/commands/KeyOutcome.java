package chorus.server.commands;

import chorus.resp.Reply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One key's part in a multi-key command (DEL, EXISTS, MSET): a count, or the error that failed it.
 * Each key is its own operation, so the whole reply is honest about partial success.
 */
record KeyOutcome(long count, Reply.Error error) {
    static KeyOutcome counted(long count) {
        return new KeyOutcome(count, null);
    }

    static KeyOutcome failed(Reply.Error error) {
        return new KeyOutcome(0, error);
    }

    /** The sum of the counts, or the first failure, which then says how many keys did succeed. */
    static CompletionStage<Reply> countOrFail(List<CompletableFuture<KeyOutcome>> outcomes, String name) {
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            long count = 0;
            int succeeded = 0;
            Reply.Error firstError = null;
            for (CompletableFuture<KeyOutcome> future : outcomes) {
                KeyOutcome outcome = future.join();
                if (outcome.error() == null) {
                    count += outcome.count();
                    succeeded++;
                } else if (firstError == null) {
                    firstError = outcome.error();
                }
            }
            if (firstError == null) {
                return Reply.integer(count);
            }
            if (outcomes.size() == 1) {
                return firstError;
            }
            return Reply.error(firstError.code(), firstError.message() + " (" + name + " is not atomic: " + succeeded
                    + " of " + outcomes.size() + " keys succeeded)");
        });
    }
}
