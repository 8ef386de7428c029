package chorus.core.topology;

import chorus.api.Bytes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Slots#slotOf}: CRC16 of the key, or of its {@code {hash tag}} (DESIGN.md D2). Every request
 * computes it at least once to find its replicas, so it must stay far below the cost of the
 * request itself. The keys: chorus bench's shape, a short tagged key (only the tag is hashed, after
 * a scan for the braces) and a 61-byte key with no tag (the scan finds nothing, then all 61 bytes
 * are hashed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SlotHashBenchmark {
    @Param({"key:000000000042", "{user1}.name", "session:7c9e6679-7425-40de-944b-e07fc1f90ae7:cart:items:00000"})
    public String key;

    private Bytes bytes;

    @Setup
    public void setUp() {
        bytes = Bytes.utf8(key);
    }

    @Benchmark
    public int slotOf() {
        return Slots.slotOf(bytes);
    }
}
