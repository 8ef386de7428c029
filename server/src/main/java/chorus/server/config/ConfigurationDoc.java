package chorus.server.config;

/**
 * Renders {@code docs/configuration.md} from {@link Settings}, so the documentation cannot drift
 * from the code: a test compares the file with this output. Regenerate with
 * {@code java -cp ... chorus.server.config.ConfigurationDoc > docs/configuration.md}.
 */
public final class ConfigurationDoc {
    private ConfigurationDoc() {
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Configuration

                A node reads its settings from a YAML file (`./chorus node --config FILE`) and from
                command-line flags; a flag wins over the file. Every setting below is both a YAML key
                and a flag (`--client-port 7002`). `./chorus node --help` lists them too.

                ```yaml
                node-id: n2
                listen-host: 127.0.0.2        # internode address of this node
                internode-port: 7102
                client-host: 127.0.0.1
                client-port: 7002             # redis-cli -p 7002
                data-dir: data/n2
                replication-factor: 3
                members:                      # the same list on every node
                  - n1=127.0.0.1:7101/127.0.0.1:7001/rack1
                  - n2=127.0.0.2:7102/127.0.0.1:7002/rack1
                  - {id: n3, internode: "127.0.0.3:7103", client: "127.0.0.1:7003", rack: rack1}
                ```

                `./chorus local` writes such a file for each node under its data directory
                (`data/local/n1.yaml`, ...).

                Sizes are bytes or take a unit: `B`, `KiB`, `MiB`, `GiB` (`KB`, `MB`, `GB` mean the
                same). Durations take `ms`, `s`, `m`, `h` or `d`; a bare number is milliseconds.

                A mistake stops the node before it starts, with one line that names the setting and
                what is valid, and exit code 2:

                ```
                config error: replication-factor=0 is invalid (expected: 1..9)
                config error: unknown setting 'replication_factor' in chorus.yaml; did you mean replication-factor?
                config error: client-port: 127.0.0.1:7001 is already in use
                ```

                A connection can choose its own consistency levels with
                `CONSISTENCY [READ level] [WRITE level]` (ONE, QUORUM, ALL, SERIAL or DEFAULT); with
                no argument it shows the levels in effect.

                | Setting | Default | Meaning |
                |---|---|---|
                """);
        for (Setting setting : Settings.all()) {
            out.append("| `").append(setting.name()).append("` | `").append(setting.defaultText()).append("` | ")
                    .append(setting.description().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }
}
