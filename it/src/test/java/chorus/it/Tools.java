package chorus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Redis's command-line tools (Debian's redis-tools) as child processes. */
final class Tools {
    private Tools() {
    }

    /** The outcome of one run: exit code, standard output and standard error. */
    record Run(int exitCode, String out, String err) {
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code command} with {@code stdin} (null: none); waits up to {@code timeoutSeconds}. */
    static Run run(List<String> command, String stdin, int timeoutSeconds) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("tool", ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = process.getInputStream().readAllBytes();
        boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("%s exits within %d s", command, timeoutSeconds).isTrue();
        String errors = Files.readString(stderr);
        Files.deleteIfExists(stderr);
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), errors);
    }
}
