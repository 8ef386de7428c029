package chorus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The result of a run, measured phase only. {@code operations} counts every reply received,
 * error replies included; {@code errors} counts error replies plus requests that never got a reply
 * (their kinds are the error reply's first word, or {@code CONNECTION_LOST}, {@code NO_REPLY},
 * {@code PROTOCOL_ERROR}). Latencies are in microseconds and include error replies.
 *
 * @param abortReason why the run stopped early, or null if it ran to its end
 */
record BenchSummary(BenchPlan plan, String keysDescription, double warmupSeconds, double elapsedSeconds,
                    long operations, Latency latency, List<OperationSummary> byOperation, long errors,
                    Map<String, Long> errorsByKind, double clientCpuCores, double workerCpuCores,
                    String abortReason) {

    /** Latency percentiles of a set of replies, in microseconds. */
    record Latency(long p50, long p90, long p99, long p999, long max, double mean) {
        static Latency of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                    histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
                    histogram.getMean());
        }
    }

    /**
     * One operation's share of the run; misses are nil replies (GET of a missing key, CAS that did not
     * match), errors are error replies (requests without a reply are not attributed to an operation).
     */
    record OperationSummary(Operation operation, long count, long misses, long errors, Latency latency) {
    }

    static BenchSummary of(BenchPlan plan, KeyChooser keys, LoadRun.Timeline timeline, Histogram measured,
                           List<Worker> workers, String abortReason) {
        long[] counts = new long[Operation.values().length];
        long[] misses = new long[Operation.values().length];
        long[] errorReplies = new long[Operation.values().length];
        Histogram[] byOperation = new Histogram[Operation.values().length];
        Map<String, Long> errorsByKind = new TreeMap<>();
        long errors = 0;
        for (Worker worker : workers) {
            PhaseStats stats = worker.stats().measure;
            for (int i = 0; i < counts.length; i++) {
                counts[i] += stats.completed[i];
                misses[i] += stats.misses[i];
                errorReplies[i] += stats.errorReplies[i];
                if (byOperation[i] == null) {
                    byOperation[i] = LoadRun.newHistogram();
                }
                byOperation[i].add(stats.latencyByOperation[i]);
            }
            stats.errorsByKind.forEach((kind, count) -> errorsByKind.merge(kind, count, Long::sum));
            errors += stats.errors.get();
        }
        List<OperationSummary> operations = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            int i = operation.ordinal();
            if (counts[i] > 0 || plan.mix().includes(operation)) {
                operations.add(new OperationSummary(operation, counts[i], misses[i], errorReplies[i],
                        Latency.of(byOperation[i])));
            }
        }
        return new BenchSummary(plan, keys.describe(), timeline.warmupSeconds(), timeline.elapsedSeconds(),
                measured.getTotalCount(), Latency.of(measured), List.copyOf(operations), errors,
                Map.copyOf(errorsByKind), timeline.clientCpuCores(), timeline.workerCpuCores(), abortReason);
    }

    double throughput() {
        return elapsedSeconds > 0 ? operations / elapsedSeconds : 0;
    }

    String consistencyText() {
        return plan.consistency().map(Enum::name).orElse("server default (not sent)");
    }

    /** The human summary printed at the end of a run. */
    String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nchorus bench: %s%n", plan.endpoints().stream()
                .map(Endpoint::toString).collect(Collectors.joining(","))));
        out.append(String.format(Locale.ROOT, "  load        %s; %s; %d-byte values%n", plan.mix(), keysDescription,
                plan.valueSize()));
        out.append(String.format(Locale.ROOT,
                "  clients     %d connections x pipeline %d on %d thread(s); consistency %s%n",
                plan.connections(), plan.pipeline(), plan.threads(), consistencyText()));
        out.append(String.format(Locale.ROOT, "  measured    %.2f s after %.1f s of warm-up%s%n", elapsedSeconds,
                warmupSeconds, abortReason == null ? "" : " (STOPPED EARLY: " + abortReason + ")"));
        out.append(String.format(Locale.ROOT, "  throughput  %.0f ops/s (%d operations)%n", throughput(), operations));
        out.append(String.format(Locale.ROOT, "  latency     %s%n", latencyText(latency)));
        for (OperationSummary operation : byOperation) {
            String notes = (operation.misses() > 0 ? ", " + operation.misses() + " nil" : "")
                    + (operation.errors() > 0 ? ", " + operation.errors() + " errors" : "");
            out.append(String.format(Locale.ROOT, "    %-8s  %d ops%s; %s%n", operation.operation().label(),
                    operation.count(), notes.isEmpty() ? "" : " (" + notes.substring(2) + ")",
                    latencyText(operation.latency())));
        }
        out.append(String.format(Locale.ROOT, "  errors      %d%s%n", errors, errorsByKind.isEmpty() ? ""
                : "  " + new TreeMap<>(errorsByKind).entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "))));
        out.append(String.format(Locale.ROOT, "  client CPU  %s%n", cpuText()));
        return out.toString();
    }

    private String cpuText() {
        if (clientCpuCores < 0) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%.2f cores (process), %.2f in load-generating threads", clientCpuCores,
                workerCpuCores);
    }

    private static String latencyText(Latency latency) {
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s ms", millis(latency.p50()),
                millis(latency.p90()), millis(latency.p99()), millis(latency.p999()), millis(latency.max()));
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    /** The summary as JSON for scripts: one top-level field per line, latencies in microseconds. */
    String toJson() {
        List<String> fields = new ArrayList<>();
        fields.add(field("hosts", "[" + plan.endpoints().stream().map(endpoint -> quote(endpoint.toString()))
                .collect(Collectors.joining(", ")) + "]"));
        fields.add(field("mix", quote(plan.mix().toString())));
        fields.add(field("keys", Long.toString(plan.keys())));
        fields.add(field("distribution", quote(plan.distribution().label())));
        fields.add(field("valueSize", Integer.toString(plan.valueSize())));
        fields.add(field("connections", Integer.toString(plan.connections())));
        fields.add(field("pipeline", Integer.toString(plan.pipeline())));
        fields.add(field("threads", Integer.toString(plan.threads())));
        fields.add(field("consistency", plan.consistency().map(level -> quote(level.name())).orElse("null")));
        fields.add(field("warmupSeconds", number(warmupSeconds)));
        fields.add(field("elapsedSeconds", number(elapsedSeconds)));
        fields.add(field("operations", Long.toString(operations)));
        fields.add(field("throughput", number(throughput())));
        fields.add(field("latencyMicros", latencyJson(latency)));
        fields.add(field("byOperation", "{" + byOperation.stream().map(operation -> quote(operation.operation().label())
                + ": {\"count\": " + operation.count() + ", \"nil\": " + operation.misses() + ", \"errors\": "
                + operation.errors() + ", \"latencyMicros\": "
                + latencyJson(operation.latency()) + "}").collect(Collectors.joining(", ")) + "}"));
        fields.add(field("errors", Long.toString(errors)));
        fields.add(field("errorsByKind", "{" + new TreeMap<>(errorsByKind).entrySet().stream()
                .map(entry -> quote(entry.getKey()) + ": " + entry.getValue()).collect(Collectors.joining(", ")) + "}"));
        fields.add(field("clientCpuCores", number(clientCpuCores)));
        fields.add(field("workerCpuCores", number(workerCpuCores)));
        fields.add(field("stoppedEarly", abortReason == null ? "null" : quote(abortReason)));
        return "{\n" + String.join(",\n", fields) + "\n}";
    }

    private static String latencyJson(Latency latency) {
        return "{\"p50\": " + latency.p50() + ", \"p90\": " + latency.p90() + ", \"p99\": " + latency.p99()
                + ", \"p999\": " + latency.p999() + ", \"max\": " + latency.max() + ", \"mean\": "
                + number(latency.mean()) + "}";
    }

    private static String field(String name, String value) {
        return "  " + quote(name) + ": " + value;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
