package chorus.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One worker's counts for one phase. Written only by the worker's thread. Read concurrently only
 * through {@link #recorder} (interval histograms) and {@link #errors}, for the live line; everything
 * else is read after the worker has been joined.
 */
final class PhaseStats {
    /** Latencies are recorded in microseconds, from 1 µs up to this (one hour): longer ones are clamped. */
    static final long LATENCY_MICROS_MAX = 3_600_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    final SingleWriterRecorder recorder = new SingleWriterRecorder(1, LATENCY_MICROS_MAX, SIGNIFICANT_DIGITS);
    final AtomicLong errors = new AtomicLong();
    final long[] completed = new long[Operation.values().length];
    final long[] misses = new long[Operation.values().length];
    final long[] errorReplies = new long[Operation.values().length];
    final Histogram[] latencyByOperation;
    final Map<String, Long> errorsByKind = new TreeMap<>();
    long lastReplyNanos;

    PhaseStats(boolean perOperationLatency) {
        latencyByOperation = new Histogram[Operation.values().length];
        if (perOperationLatency) {
            for (int i = 0; i < latencyByOperation.length; i++) {
                latencyByOperation[i] = new Histogram(1, LATENCY_MICROS_MAX, SIGNIFICANT_DIGITS);
            }
        }
    }

    void onReply(Operation operation, ReplyParser.Outcome outcome, String errorKind, long latencyNanos, long nowNanos) {
        long micros = Math.max(1, Math.min(LATENCY_MICROS_MAX, (latencyNanos + 500) / 1000));
        recorder.recordValue(micros);
        int index = operation.ordinal();
        completed[index]++;
        if (latencyByOperation[index] != null) {
            latencyByOperation[index].recordValue(micros);
        }
        if (outcome == ReplyParser.Outcome.NIL) {
            misses[index]++;
        } else if (outcome == ReplyParser.Outcome.ERROR) {
            errorReplies[index]++;
            onError(errorKind, 1);
        }
        lastReplyNanos = nowNanos;
    }

    /** Requests that got no reply at all (the connection broke, or the run gave up waiting). */
    void onLost(String kind, long requests) {
        if (requests > 0) {
            onError(kind, requests);
        }
    }

    private void onError(String kind, long count) {
        errorsByKind.merge(kind, count, Long::sum);
        errors.addAndGet(count);
    }
}
