package chorus.core.node;

import chorus.core.message.Envelope;
import chorus.core.message.Message;
import chorus.core.time.HybridLogicalClock;
import chorus.core.topology.NodeId;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Sends messages on behalf of one node: stamps each with the sender and its clock, and delivers a
 * message to the node itself through the scheduler rather than by a direct call, so a component
 * never re-enters itself and local replicas are handled exactly like remote ones.
 */
public final class Outbox {
    private final NodeEnvironment environment;
    private final HybridLogicalClock clock;
    private final Consumer<Envelope> localDelivery;

    public Outbox(NodeEnvironment environment, HybridLogicalClock clock, Consumer<Envelope> localDelivery) {
        this.environment = environment;
        this.clock = clock;
        this.localDelivery = localDelivery;
    }

    public void send(NodeId to, Message message) {
        Envelope envelope = new Envelope(environment.self(), clock.now(), message);
        if (to.equals(environment.self())) {
            environment.scheduler().schedule(Duration.ZERO, () -> localDelivery.accept(envelope));
        } else {
            environment.network().send(to, envelope);
        }
    }
}
