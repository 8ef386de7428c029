package chorus.server.node;

import chorus.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks the data directory before RocksDB opens it, so an operator gets one clear line. */
final class DataDirectory {
    private DataDirectory() {
    }

    /** Creates the directory if needed and proves it writable by creating and deleting a file. */
    static void prepare(Path directory) {
        Path absolute = directory.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
            Path probe = Files.createTempFile(absolute, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ConfigException("data-dir " + absolute + " is not writable (" + describe(e) + ")");
        }
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return name.isEmpty() ? String.valueOf(e.getMessage()) : name + ": " + e.getMessage();
    }
}
