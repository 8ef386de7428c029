package chorus.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs {@code chorus bench} in this JVM with captured output, as a user would from the shell. */
record BenchRuns(int exitCode, String out, String err, BenchSummary summary) {
    static BenchRuns run(String... args) {
        BenchCommand command = new BenchCommand();
        CommandLine commandLine = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new BenchRuns(exitCode, out.toString(), err.toString(), command.summary());
    }

    /** A top-level number of the {@code --json} summary, as a script would read it. */
    long jsonLong(String field) {
        Matcher matcher = Pattern.compile("\\n  \"" + field + "\": (-?[0-9]+)[,\\n]").matcher(out);
        if (!matcher.find()) {
            throw new AssertionError("no numeric field '" + field + "' in:\n" + out + "\nstderr:\n" + err);
        }
        return Long.parseLong(matcher.group(1));
    }
}
