package chorus.storage;

/** When the write-ahead log reaches the disk, and so what an acknowledgement promises (DESIGN.md D5). */
public enum SyncMode {
    /**
     * Every group of applies is fsynced before any of them completes: an acknowledged write survives
     * power loss. Concurrent applies share one sync (group commit), so throughput grows with load.
     */
    ALWAYS,
    /**
     * Applies complete once written to the operating system; the log is fsynced every
     * {@link StorageConfig#periodicSyncInterval()}. Survives a process crash but may lose the last
     * interval of acknowledged writes on power loss. Opt-in only, and announced at WARN on open.
     */
    PERIODIC
}
