package chorus.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered by every system test ({@code @ExtendWith(ProcessGuard.class)}): kills every process a
 * test started when the test ends (those started in {@code @BeforeAll} when the class ends), and
 * when a test fails prints the end of each process's output, so a CI log shows why.
 */
final class ProcessGuard implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static final int LINES_SHOWN = 200;

    @Override
    public void beforeAll(ExtensionContext context) {
        Spawn.setInTest(false);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Spawn.setInTest(true);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                printLogs(context.getDisplayName(), Spawn.snapshot());
            }
        } finally {
            Spawn.killAll(false);
            Spawn.setInTest(false);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                printLogs(context.getDisplayName(), Spawn.snapshot());
            }
        } finally {
            Spawn.killAll(true);
        }
    }

    private static void printLogs(String testName, List<Spawn.Spawned> spawned) {
        Set<Path> logs = new LinkedHashSet<>();
        for (Spawn.Spawned process : spawned) {
            logs.add(process.log());
        }
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            out.append("\n======== ").append(testName).append(" failed; last ").append(LINES_SHOWN)
                    .append(" lines of ").append(log).append(" ========\n");
            try {
                List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
                lines.subList(Math.max(0, lines.size() - LINES_SHOWN), lines.size())
                        .forEach(line -> out.append(line).append('\n'));
            } catch (IOException e) {
                out.append("(cannot read: ").append(e.getMessage()).append(")\n");
            }
        }
        System.out.println(out);
        System.out.flush();
    }
}
