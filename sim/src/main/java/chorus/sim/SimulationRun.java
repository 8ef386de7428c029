package chorus.sim;

import chorus.api.Bytes;
import chorus.api.ConsistencyLevel;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.antientropy.RepairProgress;
import chorus.core.node.HealingConfig;
import chorus.core.node.Keyspace;
import chorus.core.node.NodeConfig;
import chorus.core.replication.ReadResult;
import chorus.core.topology.NodeId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One whole simulated run from a seed: a cluster under the workload while the nemesis injects
 * faults; then everything heals and the run checks liveness (operations succeed again) and
 * convergence (after one repair round every replica of every slot with data holds identical data:
 * equal Merkle roots); then a final QUORUM read of each key, and the history checkers. Two runs of one seed are identical.
 */
public final class SimulationRun {
    private static final long SECOND = 1_000_000_000L;

    private final SimulationOptions options;
    private final Simulation simulation;
    private final NodeConfig config;
    private final FaultPlan faults;
    private final Cluster cluster;
    private final History history = new History();
    private final Workload workload;
    private final Nemesis nemesis;
    private final List<Violation> violations = new ArrayList<>();
    private final List<Operation> finalReads = new ArrayList<>();
    private final TreeSet<String> coldKeys = new TreeSet<>();
    private boolean faultPhase;
    private final String faultPlanDescription;

    private SimulationRun(SimulationOptions options) {
        this.options = options;
        this.simulation = new Simulation(options.seed());
        SplittableRandom knobs = simulation.newRandomStream();
        this.faults = FaultPlan.swarm(knobs);
        this.config = randomizedConfig(options, knobs);
        this.faultPlanDescription = faults + String.format(" heartbeat=%dms failureTimeout=%dms writeTimeout=%dms readTimeout=%dms"
                        + " phi=%.0f fanout=%d hintWindow=%ds pendingHintBytesMax=%d merkleDepth=%d",
                config.heartbeatInterval().toMillis(), config.failureTimeout().toMillis(),
                config.writeTimeout().toMillis(), config.readTimeout().toMillis(), config.healing().phiThreshold(),
                config.healing().gossipFanout(), config.healing().hintWindow().toSeconds(),
                config.healing().pendingHintBytesMax(), config.healing().merkleDepth());
        long initialSkewMillis = new long[] {0, 50, 5_000}[knobs.nextInt(3)];
        Trace trace = new Trace(simulation, options.tracedKey(), 400);
        this.cluster = new Cluster(simulation, config, faults, trace, initialSkewMillis);
        this.workload = new Workload(simulation, cluster, simulation.newRandomStream(), history, options.clients(),
                options.keysPerKind());
        this.nemesis = new Nemesis(simulation, cluster, faults, simulation.newRandomStream());
    }

    public static RunResult run(SimulationOptions options) {
        return new SimulationRun(options).execute();
    }

    /**
     * Timeouts and intervals vary per seed within their valid ranges (FoundationDB's BUGGIFY), so
     * the protocol is tested against configurations, not one configuration.
     */
    private static NodeConfig randomizedConfig(SimulationOptions options, SplittableRandom knobs) {
        Duration heartbeat = Duration.ofMillis(200 + knobs.nextInt(800));
        // The phi-accrual detector decides; the failure timeout is only its backstop.
        Duration failureTimeout = heartbeat.multipliedBy(8 + knobs.nextInt(5));
        Duration writeTimeout = Duration.ofMillis(500 + knobs.nextInt(2_500));
        Duration readTimeout = Duration.ofMillis(500 + knobs.nextInt(2_500));
        // Below phi 8, or with fewer than 3 gossip targets per round, a node that no peer happens to pick for
        // a few rounds marks live peers down now and then even without faults: valid settings, but not ones
        // whose liveness we promise (with 5 nodes and fanout 2, a round brings nothing with probability 1/16).
        HealingConfig healing = new HealingConfig(new double[] {8, 10, 12}[knobs.nextInt(3)], 3 + knobs.nextInt(2),
                // Short hint windows drop hints for replicas down longer: then only repair brings them back.
                new Duration[] {Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(3)}[knobs.nextInt(3)],
                1 + knobs.nextInt(128), knobs.nextInt(9), 1 + knobs.nextInt(50), Duration.ZERO,
                // Low percentiles speculate on most reads, high ones almost never; a high read repair chance
                // makes reads ask everyone often: each spreads reads over other quorums than the fastest.
                new double[] {50, 90, 99, 100}[knobs.nextInt(4)], Duration.ofMillis(knobs.nextInt(6)),
                new double[] {0, 0.05, 0.5}[knobs.nextInt(3)], HealingConfig.TOMBSTONE_GRACE_DEFAULT,
                // A budget of a few small hints drops most hints of a burst (repair must then fix their replicas);
                // the default drops none.
                new long[] {1 << 10, 64 << 10, HealingConfig.PENDING_HINT_BYTES_MAX_DEFAULT}[knobs.nextInt(3)]);
        return new NodeConfig(Cluster.members(options.nodes()),
                List.of(Keyspace.defaultKeyspace(options.replicationFactor())), writeTimeout, readTimeout, heartbeat,
                failureTimeout, 10_000, options.bugs(), healing);
    }

    private RunResult execute() {
        try {
            runPhases();
        } catch (RuntimeException e) {
            StringWriter stack = new StringWriter();
            e.printStackTrace(new PrintWriter(stack));
            violations.add(new Violation("exception", null, stack.toString()));
        }
        violations.addAll(StaleReadChecker.check(history, Workload.CHECKED_PREFIX));
        violations.addAll(SerialHistoryChecker.check(history, Workload.SERIAL_PREFIX));
        return new RunResult(options, faultPlanDescription, violations, cluster.trace().digest(),
                cluster.network().sent(), cluster.network().delivered(), simulation.eventsRun(), simulation.nowNanos(),
                history.count(Operation.Outcome.OK), history.count(Operation.Outcome.FAILED),
                history.count(Operation.Outcome.INDETERMINATE), cluster.trace().lines());
    }

    private void runPhases() {
        cluster.startAll();
        workload.start();
        nemesis.start();
        faultPhase = true;
        writeColdKeys(simulation.newRandomStream());
        simulation.runFor(options.faultSeconds() * SECOND);
        faultPhase = false;

        nemesis.healEverything();
        simulation.runFor(config.failureTimeout().toNanos() + 2 * SECOND);
        long livenessFrom = simulation.nowNanos();
        simulation.runFor(10 * SECOND);
        workload.stopIssuing();
        simulation.runUntil(workload::idle, simulation.nowNanos() + 15 * SECOND);

        repairEverySlotWithData();
        checkConvergence();

        readEveryKeyAtQuorum();
        simulation.runUntil(() -> finalReads.stream().allMatch(read -> read.outcome != Operation.Outcome.PENDING),
                simulation.nowNanos() + 10 * SECOND);
        simulation.runFor(5 * SECOND);

        checkLiveness(livenessFrom);
    }

    /**
     * Keys written once each, during the faults only, and never read: no later write or read repair
     * reaches a replica that missed one, so only hints (when delivered in time) and repair can.
     */
    private void writeColdKeys(SplittableRandom random) {
        simulation.schedule(100_000_000L + random.nextLong(400_000_000L), () -> {
            if (!faultPhase) {
                return;
            }
            SimNode coordinator = cluster.randomUpNode(random);
            if (coordinator != null) {
                String key = "cold" + coldKeys.size();
                coldKeys.add(key);
                ConsistencyLevel level = random.nextBoolean() ? ConsistencyLevel.ONE : ConsistencyLevel.QUORUM;
                coordinator.node().write(new Mutation(rowKey(key), Row.set(Bytes.utf8(key), 0)), level, result -> { });
            }
            writeColdKeys(random);
        });
    }

    private List<Integer> slotsWithData() {
        TreeSet<Integer> slots = new TreeSet<>();
        keysWritten().forEach(key -> slots.add(rowKey(key).slot()));
        coldKeys.forEach(key -> slots.add(rowKey(key).slot()));
        return List.copyOf(slots);
    }

    /** One repair round, coordinated by one node, over every slot that holds data. */
    private void repairEverySlotWithData() {
        List<Integer> slots = slotsWithData();
        SimNode coordinator = cluster.randomUpNode(simulation.newRandomStream());
        List<RepairProgress> finished = new ArrayList<>();
        coordinator.node().repair(Keyspace.DEFAULT_NAME, slots, progress -> {
            if (progress.finished()) {
                finished.add(progress);
            }
        });
        simulation.runUntil(() -> !finished.isEmpty(), simulation.nowNanos() + 60 * SECOND);
        if (finished.isEmpty() || finished.get(0).slotsFailed() > 0) {
            violations.add(new Violation("repair", null, "the repair after healing did not finish every slot: "
                    + (finished.isEmpty() ? "no answer in 60 s" : finished.get(0))));
        }
        cluster.trace().line(null, () -> "repair: " + (finished.isEmpty() ? "unfinished" : finished.get(0)));
    }

    private TreeSet<String> keysWritten() {
        TreeSet<String> keys = new TreeSet<>();
        history.operations().stream().filter(operation -> operation.type == Operation.Type.WRITE)
                .forEach(operation -> keys.add(operation.key));
        return keys;
    }

    private void readEveryKeyAtQuorum() {
        SplittableRandom random = simulation.newRandomStream();
        for (String key : keysWritten()) {
            SimNode coordinator = cluster.randomUpNode(random);
            Operation read = new Operation(-1 - finalReads.size(), -1, Operation.Type.READ, key, ConsistencyLevel.QUORUM,
                    coordinator.id(), simulation.nowNanos(), null);
            finalReads.add(read);
            history.add(read);
            coordinator.node().read(rowKey(key), ConsistencyLevel.QUORUM, result -> {
                read.completeNanos = simulation.nowNanos();
                if (result instanceof ReadResult.Success success) {
                    read.outcome = Operation.Outcome.OK;
                    read.value = Workload.value(success.row());
                } else {
                    read.outcome = Operation.Outcome.FAILED;
                    read.error = ((ReadResult.Failed) result).message();
                }
            });
        }
    }

    private void checkLiveness(long livenessFrom) {
        for (Operation operation : history.operations()) {
            if (operation.invokeNanos >= livenessFrom && operation.outcome != Operation.Outcome.OK
                    && !lostToContention(operation)) {
                violations.add(new Violation("liveness", operation.key,
                        operation + " did not succeed although every fault had been healed"));
            }
        }
    }

    /** Competing SERIAL operations may legitimately defeat each other; that is not a liveness failure. */
    private static boolean lostToContention(Operation operation) {
        return operation.error != null && (operation.error.startsWith("CAS_CONTENTION")
                || operation.error.contains("interrupted by a competing one"));
    }

    /** After healing and one repair round, every replica of every slot holds identical data. */
    private void checkConvergence() {
        violations.addAll(ConvergenceChecker.check(cluster, Keyspace.DEFAULT_NAME, slotsWithData()));
    }

    private static RowKey rowKey(String key) {
        return new RowKey(Keyspace.DEFAULT_NAME, Bytes.utf8(key));
    }
}
