package chorus.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
 * <p>With {@code --streams N}, N threads do the same at once, each in a file of its own, as N nodes
 * sharing one disk do (a local 3-node cluster has three logs to sync); the percentiles are over every
 * sync of every stream. On the 2-core VM this project is measured on, one stream's worst sync took
 * about 1 ms and three streams' took 17-20 ms (bench/RESULTS.md, session 6).
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

    @Option(names = "--streams", paramLabel = "N", defaultValue = "1",
            description = "Threads syncing at once, each in a file of its own (as N nodes sharing one disk). "
                    + "Default: ${DEFAULT-VALUE}.")
    private int streams;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (count < 1 || size < 1 || size > 64 * 1024 * 1024 || streams < 1 || streams > 64) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--count must be >= 1, --size 1..67108864 and --streams 1..64 (got " + count + ", " + size
                            + ", " + streams + ")");
        }
        Path directory = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
        List<Stream> running = new ArrayList<>();
        Histogram latency = LoadRun.newHistogram();
        long started;
        try {
            for (int i = 0; i < streams; i++) {
                running.add(new Stream(Files.createTempFile(directory, "chorus-fsync-probe", ".tmp")));
            }
            for (Stream stream : running) {
                stream.prepare();
            }
            started = System.nanoTime();
            for (Stream stream : running) {
                stream.thread.start();
            }
            for (Stream stream : running) {
                stream.thread.join();
                if (stream.failure != null) {
                    throw stream.failure;
                }
                latency.add(stream.latency);
            }
        } finally {
            for (Stream stream : running) {
                stream.close();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long syncs = latency.getTotalCount(); // Every stream's, each recorded once.
        BenchSummary.Latency result = BenchSummary.Latency.of(latency);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.printf(Locale.ROOT, "{%n  \"dir\": \"%s\",%n  \"mode\": \"%s\",%n  \"streams\": %d,%n  \"count\": %d,%n  \"syncs\": %d,%n  \"size\": %d,%n  \"syncsPerSecond\": %.1f,%n"
                    + "  \"latencyMicros\": {\"p50\": %d, \"p90\": %d, \"p99\": %d, \"p999\": %d, \"max\": %d, \"mean\": %.3f}%n}%n",
                    directory.toString().replace("\\", "\\\\").replace("\"", "\\\""), mode(), streams, count,
                    syncs, size, syncs / seconds,
                    result.p50(), result.p90(), result.p99(), result.p999(), result.max(), result.mean());
        } else {
            out.printf(Locale.ROOT, "fsync probe in %s: %s%d %ss of %d bytes, each followed by fdatasync%n"
                    + "  %.0f syncs/s; p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms%n", directory,
                    streams == 1 ? "" : streams + " streams at once, each ", count, mode(), size, syncs / seconds,
                    result.p50() / 1000.0, result.p90() / 1000.0, result.p99() / 1000.0, result.p999() / 1000.0,
                    result.max() / 1000.0);
        }
        out.flush();
        return 0;
    }

    /** One thread's appends (or overwrites) and syncs, in a file of its own. */
    private final class Stream {
        final Path file;
        final Histogram latency = LoadRun.newHistogram();
        final Thread thread;
        private FileChannel channel;
        private IOException failure;

        Stream(Path file) {
            this.file = file;
            this.thread = new Thread(this::run, "fsync-probe-" + file.getFileName());
        }

        /** Opens the file; for --overwrite, writes and syncs it whole first, so the timed writes change no size. */
        void prepare() throws IOException {
            OpenOption[] options = overwrite ? new OpenOption[] {StandardOpenOption.WRITE}
                    : new OpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.APPEND};
            channel = FileChannel.open(file, options);
            if (overwrite) {
                ByteBuffer block = ByteBuffer.allocateDirect(size);
                for (int i = 0; i < count; i++) {
                    writeWhole(block);
                }
                channel.force(true);
                channel.position(0);
            }
        }

        private void run() {
            try (FileChannel open = channel) {
                ByteBuffer block = ByteBuffer.allocateDirect(size);
                for (int i = 0; i < count; i++) {
                    writeWhole(block);
                    long before = System.nanoTime();
                    open.force(false);
                    latency.recordValue(Math.max(1, Math.min(PhaseStats.LATENCY_MICROS_MAX,
                            (System.nanoTime() - before + 500) / 1000)));
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        /** Closes the file if its thread never ran (the thread closes it otherwise), then deletes it. */
        void close() throws IOException {
            if (channel != null && thread.getState() == Thread.State.NEW) {
                channel.close();
            }
            Files.deleteIfExists(file);
        }

        private void writeWhole(ByteBuffer block) throws IOException {
            block.clear();
            while (block.hasRemaining()) {
                channel.write(block);
            }
        }
    }

    private String mode() {
        return overwrite ? "overwrite" : "append";
    }
}
