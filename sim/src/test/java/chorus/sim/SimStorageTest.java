package chorus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.Timestamp;
import chorus.core.port.StorageEngine;
import chorus.core.port.StorageResult;
import chorus.testing.StorageEngineContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The simulation's disk passes the same contract as RocksDB (a fake that drifts from the real
 * engine voids every simulation result), plus its crash semantics: what was not synced is lost.
 */
class SimStorageTest extends StorageEngineContract {
    private final Simulation simulation = new Simulation(3);
    private final SimStorage storage = new SimStorage(simulation, simulation.newRandomStream(), FaultPlan.none());

    @Override
    protected StorageEngine open() {
        return storage;
    }

    @Override
    protected void restart() {
        storage.crash();
    }

    @Override
    protected void runCallbacksUntil(BooleanSupplier condition, Duration timeout) {
        simulation.runUntil(condition, simulation.nowNanos() + timeout.toNanos());
        assertThat(condition.getAsBoolean()).as("no callback within %s of simulated time", timeout).isTrue();
    }

    @Test
    void aCrashLosesWhatWasNotYetSynced() {
        apply(new Mutation(key("synced"), string("v", 1)));
        List<StorageResult<Timestamp>> completions = new ArrayList<>();
        storage.apply(List.of(new Mutation(key("unsynced"), string("v", 2))), completions::add);

        storage.crash();
        simulation.runFor(1_000_000_000L);

        assertThat(completions).as("no completion from before the crash is delivered").isEmpty();
        assertThat(storage.row(key("unsynced"))).isEqualTo(Row.EMPTY);
        assertThat(storage.row(key("synced"))).isNotEqualTo(Row.EMPTY);
    }
}
