package chorus.sim;

import chorus.core.node.DeliberateBug;
import java.util.Set;

/**
 * What one simulated run does. Everything else (fault kinds and rates, latencies, clock skews,
 * which keys and levels clients use) is drawn from the seed.
 *
 * @param faultSeconds simulated seconds of faults, followed by healing and the liveness phase
 * @param tracedKey    a key whose events to keep for a readable trace, or null
 */
public record SimulationOptions(long seed, int nodes, int replicationFactor, int faultSeconds, int clients,
                                int keysPerKind, Set<DeliberateBug> bugs, String tracedKey) {
    public SimulationOptions {
        bugs = Set.copyOf(bugs);
        if (nodes < 1 || replicationFactor < 1 || faultSeconds < 0 || clients < 1 || keysPerKind < 2) {
            throw new IllegalArgumentException("invalid simulation options: " + nodes + " nodes, RF " + replicationFactor
                    + ", " + faultSeconds + " s, " + clients + " clients, " + keysPerKind + " keys per kind");
        }
    }

    /** The configuration CI runs: 5 nodes, RF 3, 30 simulated seconds of faults. */
    public static SimulationOptions standard(long seed) {
        return new SimulationOptions(seed, 5, 3, 30, 8, 10, Set.of(), null);
    }

    public SimulationOptions withSeed(long newSeed) {
        return new SimulationOptions(newSeed, nodes, replicationFactor, faultSeconds, clients, keysPerKind, bugs, tracedKey);
    }

    public SimulationOptions withBugs(Set<DeliberateBug> newBugs) {
        return new SimulationOptions(seed, nodes, replicationFactor, faultSeconds, clients, keysPerKind, newBugs, tracedKey);
    }

    public SimulationOptions withTracedKey(String key) {
        return new SimulationOptions(seed, nodes, replicationFactor, faultSeconds, clients, keysPerKind, bugs, key);
    }

    public SimulationOptions withFaultSeconds(int seconds) {
        return new SimulationOptions(seed, nodes, replicationFactor, seconds, clients, keysPerKind, bugs, tracedKey);
    }

    /** The command that replays this run exactly. */
    public String replayCommand() {
        StringBuilder command = new StringBuilder("./chorus sim --seed ").append(seed).append(" --nodes ").append(nodes)
                .append(" --replication-factor ").append(replicationFactor).append(" --seconds ").append(faultSeconds)
                .append(" --clients ").append(clients).append(" --keys ").append(keysPerKind);
        bugs.stream().sorted().forEach(bug -> command.append(" --bug ").append(bug));
        return command.toString();
    }
}
