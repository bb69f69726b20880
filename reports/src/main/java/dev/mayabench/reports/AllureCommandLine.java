package dev.mayabench.reports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The unpacked {@code allure-commandline} distribution, run as a process. Its output is copied line by line to
 * our stream instead of being inherited: under surefire a child writing to the JVM's own stdout corrupts the
 * fork's channel, and under Maven it would bypass {@code -q} and log files.
 */
final class AllureCommandLine {

    private final Path home;
    private final Duration timeout;
    private final PrintStream out;

    AllureCommandLine(Path home, Duration timeout, PrintStream out) {
        this.home = home.toAbsolutePath().normalize();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** {@code bin/allure}, or {@code bin/allure.bat} on Windows. */
    Path launcher() {
        return home.resolve("bin").resolve(isWindows() ? "allure.bat" : "allure");
    }

    void requireInstalled() {
        if (!Files.isRegularFile(launcher())) {
            throw new AllureReportException("the Allure command line is not at " + launcher() + ": the build "
                    + "unpacks io.qameta.allure:allure-commandline:zip into target/allure-cli with "
                    + "maven-dependency-plugin (execution unpack-allure-cli) before the report is made. Run the "
                    + "lifecycle (mvn verify) rather than the report's goal alone, or pass the allure-<version> "
                    + "directory of an unpacked allure-commandline");
        }
    }

    /** Runs {@code allure generate --clean -o report results}; returns when it has finished successfully. */
    void generate(Path results, Path report) {
        List<String> command = new ArrayList<>();
        if (!isWindows() && !Files.isExecutable(launcher())) {
            command.add("sh"); // unpacked without its executable bit (some unzip tools drop it)
        }
        command.addAll(List.of(launcher().toString(), "generate", "--clean", "-o", report.toString(),
                results.toString()));
        run(command);
    }

    private void run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the JVM that runs the build is known to work; whatever JAVA_HOME the shell had may not
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AllureReportException("cannot start the Allure command line " + command + ": " + e.getMessage()
                    + "; check that " + home + " is an unpacked allure-commandline", e);
        }
        Thread pump = new Thread(() -> copyOutput(process), "allure-output");
        pump.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AllureReportException("allure generate did not finish within " + format(timeout)
                        + " and was stopped: " + String.join(" ", command));
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AllureReportException("interrupted while waiting for allure generate; it was stopped", e);
        }
        if (process.exitValue() != 0) {
            throw new AllureReportException("allure generate failed with exit code " + process.exitValue()
                    + " (its output is above, lines starting with [allure]): " + String.join(" ", command));
        }
    }

    private void copyOutput(Process process) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println("[allure] " + line);
            }
        } catch (IOException e) {
            // the process was stopped (timeout); its exit code or the timeout tells what happened
            out.println("[allure] (output ended: " + e.getMessage() + ")");
        }
    }

    private static String format(Duration d) {
        return d.toSeconds() + " s";
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
