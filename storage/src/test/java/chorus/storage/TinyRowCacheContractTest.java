package chorus.storage;

/**
 * The whole storage contract again with a row cache of 2 KiB, so nearly every commit evicts: a
 * cache that served a row older than RocksDB's, or lost track of a write, fails these tests.
 */
class TinyRowCacheContractTest extends RocksDbStorageEngineTest {
    @Override
    protected StorageConfig defaultConfig() {
        return StorageConfig.defaults().withRowCacheBytes(2048);
    }
}
