package chorus.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.topology.SlotHashBenchmark;
import chorus.resp.RespCodecBenchmark;
import chorus.sim.CoordinatorBenchmark;
import chorus.storage.StorageApplyBenchmark;
import chorus.storage.StorageReadBenchmark;
import chorus.wire.MessageCodecBenchmark;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Each benchmark class runs one short measured iteration, in this JVM, and must produce a score
 * for every benchmark method. This is not a timing: it catches a benchmark that throws (a
 * coordinator write that fails, a storage apply that reports an error) or that JMH cannot run,
 * before someone spends minutes on {@code bench/jmh} to find out.
 */
class BenchmarksRunTest {
    private static final List<Class<?>> BENCHMARKS = List.of(RespCodecBenchmark.class, SlotHashBenchmark.class,
            MessageCodecBenchmark.class, CoordinatorBenchmark.class, StorageApplyBenchmark.class,
            StorageReadBenchmark.class);

    /** A new benchmark class must join the list below, or it would never be run by this test. */
    @Test
    void theListCoversEveryBenchmarkClass() throws IOException {
        List<BenchmarkListEntry> entries;
        try (InputStream list = getClass().getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertThat(list).as("JMH's generated benchmark list").isNotNull();
            entries = BenchmarkList.readBenchmarkList(list);
        }
        assertThat(entries.stream().map(BenchmarkListEntry::getUserClassQName).distinct())
                .containsExactlyInAnyOrderElementsOf(BENCHMARKS.stream().map(Class::getName).toList());
    }

    @ParameterizedTest
    @FieldSource("BENCHMARKS")
    void everyBenchmarkRunsOneShortIteration(Class<?> benchmark) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (benchmark == StorageApplyBenchmark.class) {
            options.param("inFlight", "16"); // Both sync modes, one depth: each trial opens a database.
        }
        if (benchmark == StorageReadBenchmark.class) {
            options.param("keys", "1000").param("overwrites", "4000"); // A small database loads in a blink.
        }

        Collection<RunResult> results = new Runner(options.build()).run();

        long methods = Arrays.stream(benchmark.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Benchmark.class)).count();
        assertThat(results.stream().map(result -> result.getParams().getBenchmark()).distinct())
                .as("every @Benchmark method of %s ran", benchmark.getSimpleName()).hasSize((int) methods);
        assertThat(results).allSatisfy(result ->
                assertThat(result.getPrimaryResult().getScore()).as(result.getParams().getBenchmark()).isPositive());
    }
}
