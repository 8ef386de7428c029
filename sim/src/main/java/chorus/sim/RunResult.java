package chorus.sim;

import java.util.List;

/** What one simulated run found and did. */
public record RunResult(SimulationOptions options, String faultPlan, List<Violation> violations, long traceDigest,
                        long messagesSent, long messagesDelivered, long events, long simulatedNanos,
                        long operationsOk, long operationsFailed, long operationsIndeterminate, List<String> trace) {
    public RunResult {
        violations = List.copyOf(violations);
        trace = List.copyOf(trace);
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    public String summary() {
        return String.format("seed %d: %s; %d ok, %d failed, %d indeterminate operations; %d messages; %.1f simulated s; %s",
                options.seed(), passed() ? "PASS" : violations.size() + " VIOLATIONS", operationsOk, operationsFailed,
                operationsIndeterminate, messagesSent, simulatedNanos / 1e9, faultPlan);
    }

    /** Everything a person needs to understand and replay a failure. */
    public String failureReport() {
        StringBuilder report = new StringBuilder(summary()).append('\n');
        violations.stream().limit(5).forEach(violation -> report.append("  ").append(violation).append('\n'));
        if (violations.size() > 5) {
            report.append("  ... and ").append(violations.size() - 5).append(" more\n");
        }
        report.append("replay: ").append(options.replayCommand()).append('\n');
        if (!trace.isEmpty()) {
            report.append("last events for key ").append(options.tracedKey()).append(":\n");
            trace.forEach(line -> report.append("  ").append(line).append('\n'));
        }
        return report.toString();
    }
}
