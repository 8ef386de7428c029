package chorus.sim.linearizability;

import chorus.sim.linearizability.RegisterOperation.Kind;
import chorus.sim.linearizability.RegisterOperation.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Histories of a real atomic register under random concurrency, linearizable by construction: each
 * operation takes effect at one instant inside its interval (or, if it timed out, at any later
 * instant or never), and its answer is computed from the register at that instant. Written values
 * are unique ("v" and the operation id), so a value names the operation that wrote it.
 */
final class RegisterHistories {
    private RegisterHistories() {
    }

    /** Shape of a generated history: rates are probabilities per operation. */
    record Shape(int clients, int operations, double timeoutRate, double failureRate) {
    }

    private static final class Draft {
        final long id;
        final int client;
        final Kind kind;
        final long invokeNanos;
        long effectNanos;
        long completeNanos;
        Outcome outcome = Outcome.OK;
        boolean takesEffect = true;
        String argument;
        String expected;
        String result;
        boolean applied;

        Draft(long id, int client, Kind kind, long invokeNanos) {
            this.id = id;
            this.client = client;
            this.kind = kind;
            this.invokeNanos = invokeNanos;
        }
    }

    static List<RegisterOperation> atomic(Random random, Shape shape) {
        List<Draft> drafts = timeline(random, shape);
        applyInEffectOrder(random, drafts);
        List<RegisterOperation> history = new ArrayList<>();
        for (Draft draft : drafts) {
            history.add(toOperation(draft));
        }
        // The checker must not depend on the order the caller lists operations in.
        Collections.shuffle(history, random);
        return history;
    }

    /** Each client runs one operation at a time; a timed-out client moves on while its operation lingers. */
    private static List<Draft> timeline(Random random, Shape shape) {
        PriorityQueue<long[]> freeClients = new PriorityQueue<>(Comparator.comparingLong((long[] c) -> c[0]));
        for (int client = 0; client < shape.clients(); client++) {
            freeClients.add(new long[] {random.nextInt(1_000), client});
        }
        List<Draft> drafts = new ArrayList<>();
        for (long id = 0; id < shape.operations(); id++) {
            long[] free = freeClients.poll();
            Kind kind = Kind.values()[random.nextInt(100) < 35 ? 0 : random.nextInt(100) < 50 ? 1 : 2];
            Draft draft = new Draft(id, (int) free[1], kind, free[0] + random.nextInt(200));
            draft.effectNanos = draft.invokeNanos + 1 + random.nextInt(1_000);
            draft.completeNanos = draft.effectNanos + 1 + random.nextInt(1_000);
            double roll = random.nextDouble();
            if (roll < shape.failureRate()) {
                draft.outcome = Outcome.FAILED;
                draft.takesEffect = false;
            } else if (roll < shape.failureRate() + shape.timeoutRate()) {
                draft.outcome = Outcome.INDETERMINATE;
                draft.takesEffect = random.nextBoolean();
                draft.effectNanos = draft.invokeNanos + 1 + random.nextInt(20_000); // possibly long after
                draft.completeNanos = draft.invokeNanos + 3_000; // when the client gave up
            }
            drafts.add(draft);
            freeClients.add(new long[] {draft.completeNanos + random.nextInt(500), draft.client});
        }
        return drafts;
    }

    private static void applyInEffectOrder(Random random, List<Draft> drafts) {
        List<Draft> byEffect = new ArrayList<>(drafts);
        byEffect.sort(Comparator.comparingLong((Draft draft) -> draft.effectNanos).thenComparingLong(d -> d.id));
        List<String> written = new ArrayList<>();
        String state = null;
        for (Draft draft : byEffect) {
            if (draft.kind != Kind.READ) {
                draft.argument = random.nextInt(20) == 0 ? null : "v" + draft.id;
            }
            if (draft.kind == Kind.CAS) {
                // Usually the current value, so that many CAS apply; sometimes a stale or absent one.
                int roll = random.nextInt(10);
                draft.expected = roll < 6 ? state : roll < 8 || written.isEmpty() ? null
                        : written.get(random.nextInt(written.size()));
            }
            if (!draft.takesEffect) {
                continue;
            }
            switch (draft.kind) {
                case READ -> draft.result = state;
                case WRITE -> state = draft.argument;
                case CAS -> {
                    draft.applied = Objects.equals(state, draft.expected);
                    state = draft.applied ? draft.argument : state;
                }
            }
            if (draft.argument != null) {
                written.add(draft.argument);
            }
        }
    }

    private static RegisterOperation toOperation(Draft draft) {
        RegisterOperation operation = switch (draft.kind) {
            case READ -> RegisterOperation.read(draft.id, draft.client, draft.invokeNanos, draft.completeNanos,
                    draft.result);
            case WRITE -> RegisterOperation.write(draft.id, draft.client, draft.invokeNanos, draft.completeNanos,
                    draft.argument);
            case CAS -> RegisterOperation.cas(draft.id, draft.client, draft.invokeNanos, draft.completeNanos,
                    draft.expected, draft.argument, draft.applied);
        };
        return switch (draft.outcome) {
            case OK -> operation;
            case INDETERMINATE -> operation.indeterminate();
            case FAILED -> operation.failed();
        };
    }

    /**
     * The history with one read, chosen at random, made stale so that no order can explain it: the read
     * now returns the value of a completed write W1 although another completed write W2 began after W1
     * completed and completed before the read began. Values are unique, so nothing else could have
     * written W1's value back. If no read fits, a read invoked after every operation is appended instead;
     * if no completed value was ever overwritten, the result is empty.
     */
    static List<RegisterOperation> withStaleRead(List<RegisterOperation> history, Random random) {
        List<RegisterOperation> reads = staleableReads(history);
        return reads.isEmpty() ? withStaleReadAtTheEnd(history)
                : withStale(history, reads.get(random.nextInt(reads.size())));
    }

    /** Like {@link #withStaleRead}, with the last read that fits: the search must go deepest to reject it. */
    static List<RegisterOperation> withLastReadStale(List<RegisterOperation> history) {
        List<RegisterOperation> reads = staleableReads(history);
        return reads.isEmpty() ? withStaleReadAtTheEnd(history) : withStale(history, reads.get(reads.size() - 1));
    }

    private static List<RegisterOperation> staleableReads(List<RegisterOperation> history) {
        List<RegisterOperation> reads = new ArrayList<>();
        for (RegisterOperation operation : history) {
            if (operation.kind() == Kind.READ && operation.outcome() == Outcome.OK
                    && overwrittenBefore(history, operation.invokeNanos()).isPresent()) {
                reads.add(operation);
            }
        }
        reads.sort(Comparator.comparingLong(RegisterOperation::invokeNanos));
        return reads;
    }

    private static List<RegisterOperation> withStale(List<RegisterOperation> history, RegisterOperation read) {
        String stale = overwrittenBefore(history, read.invokeNanos()).orElseThrow();
        List<RegisterOperation> mutated = new ArrayList<>(history);
        mutated.set(history.indexOf(read), RegisterOperation.read(read.id(), read.client(), read.invokeNanos(),
                read.completeNanos(), stale));
        return mutated;
    }

    private static List<RegisterOperation> withStaleReadAtTheEnd(List<RegisterOperation> history) {
        long end = history.stream().mapToLong(op -> Math.max(op.invokeNanos(),
                op.isIndeterminate() ? 0 : op.completeNanos())).max().orElse(0) + 1;
        Optional<String> stale = overwrittenBefore(history, end);
        if (stale.isEmpty()) {
            return List.of();
        }
        List<RegisterOperation> mutated = new ArrayList<>(history);
        mutated.add(RegisterOperation.read(Long.MAX_VALUE, Integer.MAX_VALUE, end, end + 1, stale.get()));
        return mutated;
    }

    /** A value written by a completed operation that another completed one overwrote before {@code instant}. */
    private static Optional<String> overwrittenBefore(List<RegisterOperation> history, long instant) {
        RegisterOperation latest = null;
        for (RegisterOperation setter : history) {
            if (setsValue(setter) && setter.completeNanos() < instant
                    && (latest == null || setter.invokeNanos() > latest.invokeNanos())) {
                latest = setter;
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        for (RegisterOperation setter : history) {
            if (setsValue(setter) && setter.argument() != null && setter.completeNanos() < latest.invokeNanos()) {
                return Optional.of(setter.argument());
            }
        }
        return Optional.empty();
    }

    private static boolean setsValue(RegisterOperation operation) {
        return operation.outcome() == Outcome.OK
                && (operation.kind() == Kind.WRITE || (operation.kind() == Kind.CAS && operation.applied()));
    }

    /**
     * The history with up to {@code count} random corruptions: a read returning another value, a CAS
     * reporting the opposite outcome or expecting another value, an operation turned indeterminate or
     * failed. The result may or may not still be linearizable.
     */
    static List<RegisterOperation> corrupted(List<RegisterOperation> history, Random random, int count) {
        List<RegisterOperation> corrupted = new ArrayList<>(history);
        List<String> values = new ArrayList<>(Arrays.asList("x", null));
        history.forEach(operation -> values.add(operation.argument()));
        for (int i = 0; i < count && !corrupted.isEmpty(); i++) {
            int index = random.nextInt(corrupted.size());
            RegisterOperation operation = corrupted.get(index);
            String value = values.get(random.nextInt(values.size()));
            corrupted.set(index, switch (random.nextInt(4)) {
                case 0 -> operation.outcome() == Outcome.OK && operation.kind() == Kind.READ
                        ? RegisterOperation.read(operation.id(), operation.client(), operation.invokeNanos(),
                        operation.completeNanos(), value) : operation;
                case 1 -> operation.outcome() == Outcome.OK && operation.kind() == Kind.CAS
                        ? RegisterOperation.cas(operation.id(), operation.client(), operation.invokeNanos(),
                        operation.completeNanos(), random.nextBoolean() ? value : operation.expected(),
                        operation.argument(), !operation.applied()) : operation;
                case 2 -> operation.indeterminate();
                default -> operation.failed();
            });
        }
        return corrupted;
    }
}
