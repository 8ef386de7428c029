package chorus.sim;

import chorus.core.message.Envelope;
import chorus.core.node.Node;
import chorus.core.node.NodeConfig;
import chorus.core.node.NodeEnvironment;
import chorus.core.port.Cancellable;
import chorus.core.port.Scheduler;
import chorus.core.topology.NodeId;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * One simulated machine: its clock and disk live across crashes; its {@link Node} (the process)
 * does not. A crash discards the process with every timer and storage completion it was waiting
 * for, and loses the disk's unsynced writes; a restart builds a new process on what the disk kept.
 */
final class SimNode {
    private final Simulation simulation;
    private final NodeId id;
    private final NodeConfig config;
    private final SimClock clock;
    private final SimStorage storage;
    private final SimNetwork network;
    private final SplittableRandom random;
    private Node node;
    private long incarnation;
    private boolean up;

    SimNode(Simulation simulation, NodeId id, NodeConfig config, SimClock clock, SimStorage storage, SimNetwork network,
            SplittableRandom random) {
        this.simulation = simulation;
        this.id = id;
        this.config = config;
        this.clock = clock;
        this.storage = storage;
        this.network = network;
        this.random = random;
        network.register(id, this::deliver);
    }

    void start() {
        incarnation++;
        up = true;
        NodeEnvironment environment = new NodeEnvironment(id, clock, new IncarnationScheduler(incarnation),
                network.sinkFor(id), storage, random.split());
        node = new Node(environment, config);
        node.start();
    }

    void crash() {
        up = false;
        incarnation++;
        node.stop();
        node = null;
        storage.crash();
    }

    boolean isUp() {
        return up;
    }

    NodeId id() {
        return id;
    }

    Node node() {
        return node;
    }

    SimClock clock() {
        return clock;
    }

    SimStorage storage() {
        return storage;
    }

    private void deliver(Envelope envelope) {
        if (up) {
            node.receive(envelope);
        }
    }

    /** Runs tasks only if the process that scheduled them is still the one running. */
    private final class IncarnationScheduler implements Scheduler {
        private final long owner;

        IncarnationScheduler(long owner) {
            this.owner = owner;
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            boolean[] cancelled = {false};
            simulation.schedule(delay.toNanos(), () -> {
                if (!cancelled[0] && incarnation == owner) {
                    task.run();
                }
            });
            return () -> cancelled[0] = true;
        }
    }
}
