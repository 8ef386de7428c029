package chorus.server.config;

import java.util.Locale;
import java.util.Optional;

/**
 * When a replica's writes reach the disk (DESIGN.md D5). The default acknowledges a write only once
 * its write-ahead log is fsynced; the periodic mode is faster and may lose the last sync period of
 * acknowledged writes in a power loss, so INFO and the log announce it.
 */
public enum SyncMode {
    /** fsync before every acknowledgement; concurrent writes share one sync (group commit). */
    FSYNC,
    /** Acknowledge after the write reaches the OS; fsync every sync-period. */
    PERIODIC;

    /** The mode named {@code text} as configured ("fsync" or "periodic", any case), if it is one. */
    public static Optional<SyncMode> named(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "fsync" -> Optional.of(FSYNC);
            case "periodic" -> Optional.of(PERIODIC);
            default -> Optional.empty();
        };
    }
}
