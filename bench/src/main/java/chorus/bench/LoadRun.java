package chorus.bench;

import chorus.api.ConsistencyLevel;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One run of a {@link BenchPlan}: opens the connections (and sets their consistency level), starts
 * the workers, moves the run through warm-up, measurement and stop, prints one live line per second
 * and collects the {@link BenchSummary}. The calling thread orchestrates; it sends no requests.
 */
final class LoadRun {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 5_000;
    /** After the end of a timed run, how long replies still in flight are waited for. */
    private static final long DRAIN_NANOS_MAX = TimeUnit.SECONDS.toNanos(10);
    /** A run in which no reply at all arrives for this long is stopped: the servers are stuck. */
    private static final long STALL_NANOS_MAX = TimeUnit.SECONDS.toNanos(10);
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BenchPlan plan;
    private final PrintWriter live;
    private final RunControl control;
    private final List<Worker> workers = new ArrayList<>();
    private final Histogram measured = newHistogram();
    private String abortReason;

    LoadRun(BenchPlan plan, PrintWriter live) {
        this.plan = plan;
        this.live = live;
        this.control = new RunControl(!plan.warmup().isZero(), plan.operations());
    }

    BenchSummary run() throws BenchException, InterruptedException {
        CommandEncoder encoder = new CommandEncoder(plan.valueSize());
        KeyChooser keys = KeyChooser.of(plan.distribution(), plan.keys());
        for (int i = 0; i < plan.threads(); i++) {
            workers.add(new Worker(control));
        }
        connect(encoder, keys);
        for (int i = 0; i < workers.size(); i++) {
            workers.get(i).start("bench-worker-" + (i + 1));
        }
        Timeline timeline = orchestrate();
        for (Worker worker : workers) {
            if (!worker.join(TimeUnit.NANOSECONDS.toMillis(DRAIN_NANOS_MAX))) {
                throw new IllegalStateException("a load-generating thread did not stop");
            }
            if (worker.failure() != null) {
                abortReason = "the load generator failed: " + worker.failure();
            }
        }
        for (Worker worker : workers) {
            measured.add(worker.stats().measure.recorder.getIntervalHistogram());
        }
        return BenchSummary.of(plan, keys, timeline, measured, workers, abortReason);
    }

    /** When the measured phase started and ended, and the CPU the client used in it. */
    record Timeline(long measureStartNanos, long measureEndNanos, double warmupSeconds, double clientCpuCores,
                    double workerCpuCores) {
        double elapsedSeconds() {
            return Math.max(0, measureEndNanos - measureStartNanos) / 1e9;
        }
    }

    private Timeline orchestrate() throws InterruptedException {
        long start = System.nanoTime();
        long warmupEnd = start + plan.warmup().toNanos();
        long measureStart = control.phase() == RunControl.Phase.MEASURE ? start : -1;
        long measureDeadline = plan.byOperationCount() || measureStart < 0 ? -1 : start + plan.duration().toNanos();
        long stopAt = -1;
        long[] cpuAtMeasureStart = measureStart == start ? cpuSample() : null;
        long lastTick = start;
        long nextTick = start + TICK_NANOS;
        long lastProgress = start;
        long errorsSoFar = 0;
        Histogram interval = newHistogram();
        while (!allWorkersDone()) {
            long now = System.nanoTime();
            long wake = nextTick;
            if (control.phase() == RunControl.Phase.WARMUP) {
                wake = Math.min(wake, warmupEnd);
            } else if (measureDeadline > 0 && control.phase() == RunControl.Phase.MEASURE) {
                wake = Math.min(wake, measureDeadline);
            }
            if (wake > now) {
                TimeUnit.NANOSECONDS.sleep(Math.min(wake - now, TimeUnit.MILLISECONDS.toNanos(50)));
                if (System.nanoTime() < wake && !allWorkersDone()) {
                    continue;
                }
            }
            now = System.nanoTime();
            // The live line first: it describes the second that just ended, in the phase it was in.
            if (now >= nextTick) {
                interval.reset();
                long errors = collectInterval(interval);
                printLive(now - start, now - lastTick, interval, errors - errorsSoFar);
                errorsSoFar = errors;
                if (interval.getTotalCount() > 0) {
                    lastProgress = now;
                }
                lastTick = now;
                nextTick += TICK_NANOS * Math.max(1, (now - nextTick) / TICK_NANOS + 1);
            }
            if (control.phase() == RunControl.Phase.WARMUP && now >= warmupEnd) {
                control.advance(RunControl.Phase.MEASURE);
                measureStart = now;
                cpuAtMeasureStart = cpuSample();
                if (!plan.byOperationCount()) {
                    measureDeadline = now + plan.duration().toNanos();
                }
            }
            if (control.phase() == RunControl.Phase.MEASURE && measureDeadline > 0 && now >= measureDeadline) {
                control.advance(RunControl.Phase.STOPPING);
                stopAt = now;
            }
            if (!control.aborted() && now - lastProgress > STALL_NANOS_MAX) {
                abort(String.format(Locale.ROOT, "no reply at all for %d s: the servers look stuck",
                        TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS_MAX)));
            }
            if (!control.aborted() && stopAt > 0 && now - stopAt > DRAIN_NANOS_MAX) {
                abort(String.format(Locale.ROOT, "replies still missing %d s after the end",
                        TimeUnit.NANOSECONDS.toSeconds(DRAIN_NANOS_MAX)));
            }
        }
        long end = latestMeasuredReply();
        if (measureStart < 0) {
            measureStart = System.nanoTime();
            end = measureStart;
        } else if (end < measureStart) {
            end = stopAt > 0 ? stopAt : System.nanoTime();
        }
        long[] cpuAtEnd = cpuSample();
        double seconds = Math.max(1e-9, (end - measureStart) / 1e9);
        double clientCores = cpuAtMeasureStart == null || cpuAtMeasureStart[0] < 0 ? -1
                : (cpuAtEnd[0] - cpuAtMeasureStart[0]) / 1e9 / seconds;
        double workerCores = cpuAtMeasureStart == null || cpuAtMeasureStart[1] < 0 ? -1
                : (cpuAtEnd[1] - cpuAtMeasureStart[1]) / 1e9 / seconds;
        double warmupSeconds = Math.max(0, (measureStart - start) / 1e9);
        return new Timeline(measureStart, end, warmupSeconds, clientCores, workerCores);
    }

    private void abort(String reason) {
        abortReason = reason;
        live.println("bench: stopping early: " + reason + "; requests still waiting are counted as NO_REPLY");
        live.flush();
        control.abort();
    }

    /** Adds this second's latencies of both phases to {@code interval}, the measured ones also to the total. */
    private long collectInterval(Histogram interval) {
        long errors = 0;
        for (Worker worker : workers) {
            interval.add(worker.stats().warmup.recorder.getIntervalHistogram());
            Histogram measuredInterval = worker.stats().measure.recorder.getIntervalHistogram();
            interval.add(measuredInterval);
            measured.add(measuredInterval);
            errors += worker.stats().warmup.errors.get() + worker.stats().measure.errors.get();
        }
        return errors;
    }

    private void printLive(long sinceStartNanos, long intervalNanos, Histogram interval, long errors) {
        double seconds = Math.max(1e-9, intervalNanos / 1e9);
        String phase = switch (control.phase()) {
            case WARMUP -> "warmup";
            case MEASURE -> "measure";
            case STOPPING -> "drain";
        };
        live.printf(Locale.ROOT, "%5.0fs %-7s %10.0f ops/s   p50 %8.3f ms   p99 %8.3f ms   errors %d%n",
                sinceStartNanos / 1e9, phase, interval.getTotalCount() / seconds,
                interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0, errors);
        live.flush();
    }

    private boolean allWorkersDone() {
        for (Worker worker : workers) {
            if (!worker.done()) {
                return false;
            }
        }
        return true;
    }

    private long latestMeasuredReply() {
        long latest = Long.MIN_VALUE;
        for (Worker worker : workers) {
            if (worker.stats().measure.lastReplyNanos != 0) {
                latest = Math.max(latest, worker.stats().measure.lastReplyNanos);
            }
        }
        return latest;
    }

    /** Process CPU nanos and the workers' CPU nanos (-1 where the JVM cannot tell). */
    private long[] cpuSample() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long process = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        long threads = 0;
        for (Worker worker : workers) {
            long cpu = worker.cpuNanos();
            if (cpu < 0) {
                threads = -1;
                break;
            }
            threads += cpu;
        }
        return new long[] {process, threads};
    }

    static Histogram newHistogram() {
        return new Histogram(1, PhaseStats.LATENCY_MICROS_MAX, PhaseStats.SIGNIFICANT_DIGITS);
    }

    private void connect(CommandEncoder encoder, KeyChooser keys) throws BenchException {
        SplittableRandom seeds = new SplittableRandom(plan.seed());
        List<SocketChannel> opened = new ArrayList<>();
        try {
            for (int i = 0; i < plan.connections(); i++) {
                Endpoint endpoint = plan.endpoints().get(i % plan.endpoints().size());
                SocketChannel channel = open(endpoint);
                opened.add(channel);
                if (plan.consistency().isPresent()) {
                    setConsistency(channel, endpoint, plan.consistency().get());
                }
                Worker worker = workers.get(i % workers.size());
                worker.add(new BenchConnection(i + 1, endpoint, channel, plan, encoder, keys, control, seeds.split(),
                        worker.stats()));
            }
        } catch (BenchException | IOException | RuntimeException e) {
            for (SocketChannel channel : opened) {
                closeQuietly(channel);
            }
            if (e instanceof BenchException bench) {
                throw bench;
            }
            throw new BenchException("could not set up connection " + (opened.size() + 1) + ": " + e.getMessage());
        }
    }

    private static SocketChannel open(Endpoint endpoint) throws BenchException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.socket().setTcpNoDelay(true);
            InetSocketAddress address = endpoint.address();
            if (address.isUnresolved()) {
                throw new BenchException("cannot resolve host '" + endpoint.host() + "'");
            }
            channel.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BenchException("cannot connect to " + endpoint + ": " + e.getMessage()
                    + " (is the server running there?)");
        }
    }

    /** Sends {@code CONSISTENCY READ level WRITE level} and insists on a success reply. */
    private static void setConsistency(SocketChannel channel, Endpoint endpoint, ConsistencyLevel level)
            throws BenchException, IOException {
        String name = level.name();
        String request = "*5\r\n$11\r\nCONSISTENCY\r\n$4\r\nREAD\r\n$" + name.length() + "\r\n" + name
                + "\r\n$5\r\nWRITE\r\n$" + name.length() + "\r\n" + name + "\r\n";
        ByteBuffer in = exchange(channel, endpoint, request.getBytes(StandardCharsets.US_ASCII));
        if (in.get(0) == '-') {
            String line = StandardCharsets.UTF_8.decode(in.duplicate().position(1).limit(in.position())).toString().trim();
            throw new BenchException(endpoint + " refused 'CONSISTENCY READ " + name + " WRITE " + name + "': " + line
                    + ". Only Chorus has consistency levels: against plain Redis, run without --consistency"
                    + " (or with --no-consistency).");
        }
    }

    /** Writes one request and returns the buffer holding its whole reply (from 0 to the position). */
    private static ByteBuffer exchange(SocketChannel channel, Endpoint endpoint, byte[] request)
            throws BenchException, IOException {
        ByteBuffer out = ByteBuffer.wrap(request);
        ByteBuffer in = ByteBuffer.allocate(4096);
        ReplyParser parser = new ReplyParser();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_TIMEOUT_MILLIS);
        try (Selector selector = Selector.open()) {
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                if (out.hasRemaining()) {
                    channel.write(out);
                }
                ByteBuffer view = in.duplicate().flip();
                if (!out.hasRemaining() && parser.parse(view)) {
                    key.cancel();
                    selector.selectNow();
                    return in.position(view.position());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new BenchException(endpoint + " did not answer the connection set-up within "
                            + HANDSHAKE_TIMEOUT_MILLIS + " ms");
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
                if (!in.hasRemaining()) {
                    throw new BenchException(endpoint + " answered the connection set-up with an oversized reply");
                }
                if (channel.read(in) < 0) {
                    throw new BenchException(endpoint + " closed the connection during set-up");
                }
            }
        } catch (ReplyParser.ProtocolException e) {
            throw new BenchException(endpoint + " does not speak RESP: " + e.getMessage());
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Already failing; the first error is the one to report.
        }
    }
}
