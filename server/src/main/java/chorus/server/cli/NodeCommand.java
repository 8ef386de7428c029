package chorus.server.cli;

import chorus.server.config.ChorusConfig;
import chorus.server.config.ConfigLoader;
import chorus.server.config.Setting;
import chorus.server.config.Settings;
import chorus.server.node.ChorusNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code chorus node --config FILE [--setting value ...]}: runs one node in the foreground until
 * SIGTERM or Ctrl-C, then stops it cleanly. Every setting is also a flag (added by
 * {@link chorus.server.Main}); a flag wins over the file. Prints {@code READY <id>} on stdout once
 * it serves clients, for scripts and multi-process tests to wait on.
 */
@Command(name = "node", description = "Runs one node in the foreground (settings: docs/configuration.md).",
        mixinStandardHelpOptions = true)
public final class NodeCommand implements Callable<Integer> {
    /** When set, the node stops once the process with this pid exits (used by {@code chorus local}). */
    static final String PARENT_PID_VARIABLE = "CHORUS_PARENT_PID";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file of settings.")
    private Path configFile;

    @Override
    public Integer call() throws InterruptedException {
        ChorusConfig config = ConfigLoader.load(configFile, flags());
        ChorusNode node = ChorusNode.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "chorus-shutdown"));
        watchParent(node);
        System.out.println("READY " + config.nodeId());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private Map<String, String> flags() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> flags = new LinkedHashMap<>();
        for (Setting setting : Settings.all()) {
            String name = "--" + setting.name();
            if (parsed.hasMatchedOption(name)) {
                flags.put(setting.name(), parsed.matchedOptionValue(name, ""));
            }
        }
        return flags;
    }

    /** A node started by {@code chorus local} must not outlive it, even if it was killed with -9. */
    private static void watchParent(ChorusNode node) {
        String parent = System.getenv(PARENT_PID_VARIABLE);
        if (parent == null || parent.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent.trim())).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
    }
}
