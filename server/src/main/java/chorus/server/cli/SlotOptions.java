package chorus.server.cli;

import picocli.CommandLine.Option;

/** {@code --keyspace} and {@code --slots}: which data {@code chorus repair} and {@code chorus digest} work on. */
final class SlotOptions {
    @Option(names = "--keyspace", paramLabel = "NAME", defaultValue = "default",
            description = "The keyspace. Default: default.")
    String keyspace;

    @Option(names = "--slots", paramLabel = "SLOTS", defaultValue = "0-16383",
            description = "The slots: N or FROM-TO, comma-separated (0-99,500). Default: all, 0-16383.")
    String slots;
}
