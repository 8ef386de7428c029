package chorus.sim;

import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Injects the faults of a run at random moments, with the fault plan's weights: partitions
 * (isolating one node, splitting the cluster in halves, cutting one direction of one link, and
 * healing), crashes and restarts of nodes, and clock jumps. It keeps a majority of nodes up so
 * that some operations can succeed; the network faults can still make every quorum unreachable.
 */
final class Nemesis {
    private final Simulation simulation;
    private final Cluster cluster;
    private final FaultPlan faults;
    private final SplittableRandom random;
    private boolean active;

    Nemesis(Simulation simulation, Cluster cluster, FaultPlan faults, SplittableRandom random) {
        this.simulation = simulation;
        this.cluster = cluster;
        this.faults = faults;
        this.random = random;
    }

    void start() {
        active = true;
        scheduleNext();
    }

    /** Stops injecting, heals every link, restarts every crashed node and calms the fault plan. */
    void healEverything() {
        active = false;
        faults.calm();
        cluster.network().healAll();
        for (SimNode node : cluster.nodes()) {
            if (!node.isUp()) {
                restart(node);
            }
        }
        cluster.trace().line(null, () -> "nemesis: healed everything");
    }

    private void scheduleNext() {
        if (faults.nemesisIntervalNanos() == Long.MAX_VALUE) {
            return;
        }
        long delay = faults.nemesisIntervalNanos() / 2 + random.nextLong(faults.nemesisIntervalNanos());
        simulation.schedule(delay, () -> {
            if (active) {
                act();
                scheduleNext();
            }
        });
    }

    private void act() {
        double total = faults.partitionWeight() + faults.crashWeight() + faults.clockWeight();
        if (total == 0) {
            return;
        }
        double dice = random.nextDouble() * total;
        if (dice < faults.partitionWeight()) {
            partition();
        } else if (dice < faults.partitionWeight() + faults.crashWeight()) {
            crashOrRestart();
        } else {
            jumpClock();
        }
    }

    private void partition() {
        List<SimNode> nodes = cluster.nodes();
        switch (random.nextInt(4)) {
            case 0 -> {
                NodeId isolated = nodes.get(random.nextInt(nodes.size())).id();
                for (SimNode other : nodes) {
                    if (!other.id().equals(isolated)) {
                        cluster.network().cut(isolated, other.id());
                        cluster.network().cut(other.id(), isolated);
                    }
                }
                cluster.trace().line(null, () -> "nemesis: isolated " + isolated);
            }
            case 1 -> {
                List<NodeId> shuffled = new ArrayList<>(nodes.stream().map(SimNode::id).toList());
                for (int i = shuffled.size() - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    shuffled.set(j, shuffled.set(i, shuffled.get(j)));
                }
                List<NodeId> half = shuffled.subList(0, shuffled.size() / 2);
                for (NodeId a : half) {
                    for (NodeId b : shuffled.subList(shuffled.size() / 2, shuffled.size())) {
                        cluster.network().cut(a, b);
                        cluster.network().cut(b, a);
                    }
                }
                cluster.trace().line(null, () -> "nemesis: split " + half + " from the rest");
            }
            case 2 -> {
                NodeId from = nodes.get(random.nextInt(nodes.size())).id();
                NodeId to = nodes.get(random.nextInt(nodes.size())).id();
                if (!from.equals(to)) {
                    cluster.network().cut(from, to);
                    cluster.trace().line(null, () -> "nemesis: cut one way " + from + " -> " + to);
                }
            }
            default -> {
                cluster.network().healAll();
                cluster.trace().line(null, () -> "nemesis: healed the network");
            }
        }
    }

    private void crashOrRestart() {
        List<SimNode> down = cluster.nodes().stream().filter(node -> !node.isUp()).toList();
        int majority = cluster.nodes().size() / 2 + 1;
        boolean mayCrash = cluster.nodes().size() - down.size() > majority;
        if (!down.isEmpty() && (!mayCrash || random.nextBoolean())) {
            restart(down.get(random.nextInt(down.size())));
        } else if (mayCrash) {
            List<SimNode> up = cluster.upNodes();
            SimNode victim = up.get(random.nextInt(up.size()));
            victim.crash();
            cluster.trace().line(null, () -> "nemesis: crashed " + victim.id());
        }
    }

    private void restart(SimNode node) {
        node.start();
        cluster.trace().line(null, () -> "nemesis: restarted " + node.id());
    }

    private void jumpClock() {
        SimNode node = cluster.nodes().get(random.nextInt(cluster.nodes().size()));
        long magnitude = random.nextBoolean() ? random.nextLong(10, 1_000) : random.nextLong(1_000, 60_000);
        long delta = random.nextBoolean() ? magnitude : -magnitude;
        node.clock().jump(delta);
        cluster.trace().line(null, () -> "nemesis: " + node.id() + "'s clock jumped " + delta + " ms");
    }
}
