package chorus.storage;

import chorus.api.Bytes;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.RowKey;
import chorus.core.model.Timestamp;
import chorus.core.port.StorageResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The program that {@link ProcessCrashTest} runs in a child JVM and kills.
 * <ul>
 *   <li>{@code write DIR COUNT}: applies COUNT two-key batches, 64 at a time, and prints
 *       {@code ACK i} for each batch only after its apply completed;
 *   <li>{@code hold DIR}: opens the engine, prints {@code OPEN}, and waits to be killed.
 * </ul>
 */
public final class StorageChild {
    private StorageChild() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[1]);
        PrintStream out = System.out;
        var nodeThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "node"));
        RocksDbStorageEngine engine = new RocksDbStorageEngine(directory, SyncMode.ALWAYS, nodeThread);
        if (args[0].equals("hold")) {
            out.println("OPEN");
            out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        int count = Integer.parseInt(args[2]);
        Semaphore inFlight = new Semaphore(64);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            int index = i;
            engine.apply(batch(index), result -> {
                // Printed on the node thread once durable; the parent counts exactly these as acknowledged.
                out.println(result instanceof StorageResult.Ok ? "ACK " + index : "FAILED " + index + " " + result);
                out.flush();
                inFlight.release();
            });
        }
        engine.close();
        nodeThread.shutdown();
    }

    /** Batch {@code i}: the same row under two keys, so a torn batch would show. */
    static List<Mutation> batch(int i) {
        Row row = row(i);
        return List.of(new Mutation(key(i, "a"), row), new Mutation(key(i, "b"), row));
    }

    static RowKey key(int i, String half) {
        return new RowKey("crash", Bytes.utf8("batch-" + i + "-" + half));
    }

    static Row row(int i) {
        return Row.replaceWithString(Bytes.utf8("value-" + i), 0, Timestamp.ofMillis(1 + i, 0, 1));
    }
}
