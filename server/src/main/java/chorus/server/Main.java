package chorus.server;

import chorus.server.cli.DigestCommand;
import chorus.server.cli.LocalCommand;
import chorus.server.cli.NodeCommand;
import chorus.server.cli.RepairCommand;
import chorus.server.cli.StatusCommand;
import chorus.server.config.ConfigException;
import chorus.server.config.Setting;
import chorus.server.config.Settings;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code chorus} command line: {@code node} runs one node, {@code local} a whole cluster of
 * child processes on this machine, {@code status} shows a cluster's members, {@code repair} repairs
 * slots between their replicas and {@code digest} compares them. Operator errors print
 * one line and exit with 2; nothing prints a stack trace for them.
 */
@Command(name = "chorus", mixinStandardHelpOptions = true, version = "chorus 0.1.0",
        description = "A distributed, Redis-compatible key-value database.",
        subcommands = {NodeCommand.class, LocalCommand.class, StatusCommand.class, RepairCommand.class, DigestCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The exit code of a configuration or usage error. */
    public static final int CONFIG_ERROR = 2;

    /** Netty's property; read once, when its leak detector class loads. */
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        // Netty's default leak detection records a stack trace for one buffer in 128: 0.7-1.1% of a
        // node loop's CPU in session 6's profiles, for a check whose findings only a developer reads.
        // A node runs without it unless asked (JAVA_OPTS=-Dio.netty.leakDetection.level=paranoid);
        // tests that run nodes inside the test JVM keep Netty's default.
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with every setting as a flag of {@code node}; public for tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        CommandLine node = commandLine.getSubcommands().get("node");
        for (Setting setting : Settings.all()) {
            node.getCommandSpec().addOption(OptionSpec.builder("--" + setting.name())
                    .paramLabel(setting.label())
                    .type(String.class)
                    .description(setting.description() + " Default: " + setting.defaultText() + ".")
                    .build());
        }
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            if (exception instanceof ConfigException) {
                PrintWriter err = failed.getErr();
                err.println("config error: " + exception.getMessage());
                err.flush();
                return CONFIG_ERROR;
            }
            throw exception;
        });
        return commandLine;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
