package chorus.resp;

import java.util.concurrent.CompletionStage;

/**
 * The data backend behind the RESP front door: answers every command of the {@link CommandTable}
 * that this module does not answer itself. Commands reach it only after the module has checked
 * that the command exists, that the arity fits and that the connection is authenticated.
 *
 * <p>Threading and ordering: {@link #handle} is called on the connection's event loop, one command
 * at a time per connection, in the order the client sent them; calls for different connections
 * may run at once on different event loops. It must return quickly and never block (hand work to
 * the node thread instead). The returned stage may complete on any thread and in any order
 * relative to other commands: the module still writes replies in request order. Up to
 * {@link RespLimits#maxPendingRequests()} commands per connection may be outstanding; after that
 * the module stops reading from the client until replies drain.
 *
 * <p>Every stage must complete, with a timeout if needed: a stage that never completes holds back
 * every later reply on its connection. A stage completed exceptionally, a null reply or an
 * exception thrown by {@code handle} is a bug: the client gets {@code -INTERNAL ...} (never a stack
 * trace) and the error is logged.
 */
public interface CommandHandler {

    /** Runs {@code command} for {@code connection}; the reply is rendered in the connection's protocol. */
    CompletionStage<Reply> handle(Connection connection, Command command);

    /**
     * The module refused a command before it reached {@link #handle} (unknown command, wrong
     * arity, NOAUTH). A backend that queues commands inside MULTI uses this to make EXEC fail with
     * EXECABORT, as Redis does. Called on the event loop; must not block.
     */
    default void onRejected(Connection connection, Command command, Reply.Error error) {}

    /**
     * The client sent RESET: drop the connection's backend state (MULTI queue, WATCHes,
     * subscriptions). Attributes are already cleared. Called on the event loop; must not block.
     */
    default void onReset(Connection connection) {}

    /** The connection closed; release what the backend holds for it. Called on the event loop. */
    default void onClose(Connection connection) {}
}
