package dev.mayabench.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * Turns the Allure results of a test run into the HTML report, with the Allure command line from Maven Central
 * ({@code io.qameta.allure:allure-commandline:zip}, unpacked by the build). The allure-maven plugin is not used
 * because it pulls a dependency Maven Central does not have; a plain Java main run by exec-maven-plugin needs
 * nothing but Central, so {@code mvn verify} works offline from a mirror of it.
 *
 * <p>Before generating it prepares the results directory:
 * <ul>
 *   <li>{@code categories.json}: mayabench's categories (threshold breaches, infrastructure failures,
 *       configuration errors, errors in the test, other failed assertions), so a red build says at a glance
 *       whether the system got slower or the set-up broke;</li>
 *   <li>{@code history/} from the previous report in the same report directory, or, when a {@code mvn clean}
 *       deleted it, from the history store outside the build directory (the optional fourth argument; the
 *       parent POM passes {@code .mayabench/allure-history} of the module): Allure 2 keeps trends only by
 *       reading the last report's history from the results, so without this copy every report starts a new
 *       trend. The new report's history is saved back to the store;</li>
 *   <li>{@code executor.json} with a build number one higher than the previous report's, so the trend's
 *       runs are numbered.</li>
 * </ul>
 * Missing or empty results are not an error (a run with {@code -DskipITs} has none): it says so and makes no
 * report. The command line runs with {@code JAVA_HOME} set to the running JVM, its output goes to
 * {@code System.out} line by line, and the last line names the report: {@code Allure report:
 * file:///.../index.html}.
 *
 * <p>From Maven (the benchmarks module binds this to {@code post-integration-test}, so a benchmark that
 * breaches its threshold still leaves a report before failsafe's {@code verify} fails the build):
 * <pre>
 * java -cp mayabench-reports.jar dev.mayabench.reports.AllureReport \
 *     target/allure-results target/allure-report target/allure-cli/allure-2.34.0
 * </pre>
 * From Java:
 * <pre>{@code
 * Optional<Path> index = new AllureReport(Path.of("target/allure-cli/allure-2.34.0"))
 *         .generate(Path.of("target/allure-results"), Path.of("target/allure-report"));
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public final class AllureReport {

    /** Generous: a report of a few thousand results takes seconds; a hung JVM must not hang the build. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private static final String USAGE = "usage: AllureReport <allure-results directory> <report directory> "
            + "<allure home, the unpacked allure-commandline's allure-<version> directory> "
            + "[<history store, kept across mvn clean>]";

    private final AllureCommandLine commandLine;
    private final PrintStream out;

    /**
     * A report generator that runs the Allure command line unpacked at {@code allureHome} (the directory with
     * {@code bin/allure}) and writes its messages to {@code System.out}.
     */
    public AllureReport(Path allureHome) {
        this(allureHome, DEFAULT_TIMEOUT, System.out);
    }

    /** As {@link #AllureReport(Path)}, with a limit on how long {@code allure generate} may take and where to log. */
    public AllureReport(Path allureHome, Duration timeout, PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
        this.commandLine = new AllureCommandLine(allureHome, timeout, out);
    }

    /**
     * Generates the report of the results in {@code args[0]} into {@code args[1]} with the Allure command line
     * in {@code args[2]}. Throws (rather than {@code System.exit}) on failure, because exec-maven-plugin's
     * {@code java} goal runs this in Maven's own JVM.
     */
    public static void main(String... args) {
        if (args.length != 3 && args.length != 4) {
            throw new IllegalArgumentException(USAGE + "; got " + args.length + " argument(s)");
        }
        new AllureReport(Path.of(args[2])).generate(Path.of(args[0]), Path.of(args[1]),
                args.length == 4 && !args[3].isBlank() ? Optional.of(Path.of(args[3])) : Optional.empty());
    }

    /**
     * Generates the HTML report of {@code results} into {@code report}, replacing what was there (its history
     * is carried over).
     *
     * @return the report's {@code index.html}, or empty when {@code results} holds no test results
     * @throws AllureReportException when the command line is missing or {@code allure generate} fails
     */
    public Optional<Path> generate(Path results, Path report) {
        return generate(results, report, Optional.empty());
    }

    /**
     * As {@link #generate(Path, Path)}, carrying the trend through {@code historyStore} too: read from it when the
     * old report is gone ({@code mvn clean}), written back after the new report is made.
     */
    public Optional<Path> generate(Path results, Path report, Optional<Path> historyStore) {
        Path resultsDir = results.toAbsolutePath().normalize();
        Path reportDir = report.toAbsolutePath().normalize();
        if (!hasTestResults(resultsDir)) {
            out.println("Allure report: no test results in " + resultsDir + " (no tests ran?), no report made");
            return Optional.empty();
        }
        if (reportDir.startsWith(resultsDir) || resultsDir.startsWith(reportDir)) {
            // generate --clean deletes the report directory first: it would take the results with it
            throw new AllureReportException("the report directory " + reportDir + " and the results directory "
                    + resultsDir + " overlap; allure generate --clean would delete the results. Give the report "
                    + "its own directory, e.g. target/allure-report");
        }
        commandLine.requireInstalled();
        try {
            writeCategories(resultsDir);
            ReportHistory history = ReportHistory.of(reportDir, historyStore.map(p -> p.toAbsolutePath().normalize()));
            history.copyInto(resultsDir);
            Executor.localRun(history.nextBuildOrder()).writeInto(resultsDir);
        } catch (IOException e) {
            throw new AllureReportException("cannot prepare the Allure results in " + resultsDir + " for the report: "
                    + e.getMessage() + "; check that the directory is writable", e);
        }
        long started = System.nanoTime();
        commandLine.generate(resultsDir, reportDir);
        Path index = reportDir.resolve("index.html");
        if (!Files.isRegularFile(index)) {
            throw new AllureReportException("allure generate succeeded but wrote no " + index + "; its output is "
                    + "above");
        }
        if (historyStore.isPresent()) {
            try {
                ReportHistory.saveTo(reportDir, historyStore.get());
            } catch (IOException e) {
                // the report exists; only the next trend would miss this run
                out.println("Allure report: could not keep its history in " + historyStore.get() + ": "
                        + e.getMessage());
            }
        }
        out.printf(Locale.ROOT, "Allure report made in %.1f s from %s%n",
                (System.nanoTime() - started) / 1e9, resultsDir);
        out.println("Allure report: " + index.toUri());
        return Optional.of(index);
    }

    /** Result files, not just what an earlier generation left there (categories, history, executor). */
    static boolean hasTestResults(Path results) {
        if (!Files.isDirectory(results)) {
            return false;
        }
        try (Stream<Path> files = Files.list(results)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith("-result.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Allure results in " + results, e);
        }
    }

    /** Ours always wins: the categories follow mayabench's assertion messages and exception types. */
    static void writeCategories(Path results) throws IOException {
        try (InputStream in = AllureReport.class.getResourceAsStream("categories.json")) {
            if (in == null) {
                throw new IllegalStateException("categories.json is missing from the mayabench-reports jar");
            }
            Files.copy(in, results.resolve("categories.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
