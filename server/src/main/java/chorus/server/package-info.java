/**
 * The production composition root and command line of a Chorus node (STYLE.md §5): configuration
 * ({@code config}), wiring of the protocol core to Netty, RocksDB and the system clock
 * ({@code node}), the Redis data commands ({@code commands}) and the {@code chorus} CLI
 * ({@code cli}, entry point {@link chorus.server.Main}).
 */
package chorus.server;
