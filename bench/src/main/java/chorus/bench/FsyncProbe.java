package chorus.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chorus bench fsync}: how long this machine's disk takes to make an append durable, the
 * floor under every write that is acknowledged only once fsynced (Chorus with sync-mode fsync,
 * Redis with appendfsync always). One thread appends a block and calls {@code force(false)}
 * (fdatasync on Linux, as both RocksDB's WAL sync and Redis use), {@code --count} times, in a
 * fresh file it deletes afterwards.
 *
 * <p>With {@code --overwrite} the blocks overwrite a file already written and synced, as a RocksDB
 * log that is recycled does: the file's size never changes, so fdatasync need not write the inode.
 * An append changes the size every time (Redis's AOF, and a node's logs until RocksDB has old ones
 * to recycle), so the two modes show what the inode write costs on this disk.
 */
@Command(name = "fsync", mixinStandardHelpOptions = true,
        description = "Measures append (or overwrite) + fdatasync latency in a directory (default: the temp directory).")
final class FsyncProbe implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the probe file. Default: java.io.tmpdir.")
    private Path dir;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000", description = "Appends. Default: ${DEFAULT-VALUE}.")
    private int count;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "4096",
            description = "Bytes per append. Default: ${DEFAULT-VALUE}.")
    private int size;

    @Option(names = "--overwrite", description = "Overwrite a file already written and synced, block by block, "
            + "instead of appending: no size change, as in a recycled log.")
    private boolean overwrite;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || size < 1 || size > 64 * 1024 * 1024) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--count must be >= 1 and --size 1..67108864 (got " + count + ", " + size + ")");
        }
        Path directory = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
        Path file = Files.createTempFile(directory, "chorus-fsync-probe", ".tmp");
        Histogram latency = LoadRun.newHistogram();
        long started = System.nanoTime();
        OpenOption[] options = overwrite ? new OpenOption[] {StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.APPEND};
        try (FileChannel channel = FileChannel.open(file, options)) {
            ByteBuffer block = ByteBuffer.allocateDirect(size);
            if (overwrite) {
                for (int i = 0; i < count; i++) {
                    block.clear();
                    while (block.hasRemaining()) {
                        channel.write(block);
                    }
                }
                channel.force(true);
                channel.position(0);
                started = System.nanoTime();
            }
            for (int i = 0; i < count; i++) {
                block.clear();
                while (block.hasRemaining()) {
                    channel.write(block);
                }
                long before = System.nanoTime();
                channel.force(false);
                latency.recordValue(Math.max(1, Math.min(PhaseStats.LATENCY_MICROS_MAX,
                        (System.nanoTime() - before + 500) / 1000)));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        BenchSummary.Latency result = BenchSummary.Latency.of(latency);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.printf(Locale.ROOT, "{%n  \"dir\": \"%s\",%n  \"mode\": \"%s\",%n  \"count\": %d,%n  \"size\": %d,%n  \"syncsPerSecond\": %.1f,%n"
                    + "  \"latencyMicros\": {\"p50\": %d, \"p90\": %d, \"p99\": %d, \"p999\": %d, \"max\": %d, \"mean\": %.3f}%n}%n",
                    directory.toString().replace("\\", "\\\\").replace("\"", "\\\""), mode(), count, size, count / seconds,
                    result.p50(), result.p90(), result.p99(), result.p999(), result.max(), result.mean());
        } else {
            out.printf(Locale.ROOT, "fsync probe in %s: %d %ss of %d bytes, each followed by fdatasync%n"
                    + "  %.0f syncs/s; p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms%n", directory, count, mode(), size,
                    count / seconds, result.p50() / 1000.0, result.p90() / 1000.0, result.p99() / 1000.0,
                    result.p999() / 1000.0, result.max() / 1000.0);
        }
        out.flush();
        return 0;
    }

    private String mode() {
        return overwrite ? "overwrite" : "append";
    }
}
