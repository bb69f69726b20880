package dev.mayabench.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Turns Allure results into the HTML report with the Allure command line (the {@code allure-commandline}
 * zip from Maven Central, unpacked by the build; the allure-maven plugin is not used because it pulls a
 * dependency Maven Central does not have). Before generating it adds mayabench's {@code categories.json}
 * (threshold breaches, configuration errors, infrastructure failures, errors in the test) and the previous
 * report's {@code history/}, which is how Allure 2 keeps trends across runs.
 *
 * <pre>
 * java -cp mayabench-reports.jar dev.mayabench.reports.AllureReport \
 *     target/allure-results target/allure-report target/allure-cli/allure-2.34.0
 * </pre>
 *
 * Bound to {@code post-integration-test} in the benchmarks module, so the report exists even when a
 * benchmark breaches its threshold (failsafe fails the build later, in {@code verify}).
 */
public final class AllureReport {

    private AllureReport() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: AllureReport <allure-results dir> <report dir> <allure home>");
            System.exit(2);
        }
        Path index = generate(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
        if (index != null) {
            System.out.println("Allure report: " + index.toUri());
        }
    }

    /**
     * Generates the report; returns its {@code index.html}, or {@code null} (with a note) when there are no
     * results to report.
     */
    public static Path generate(Path results, Path report, Path allureHome) throws IOException, InterruptedException {
        if (!Files.isDirectory(results) || isEmpty(results)) {
            System.out.println("Allure report: no results in " + results.toAbsolutePath() + ", nothing to generate");
            return null;
        }
        Path allure = allureHome.resolve("bin").resolve("allure");
        if (!Files.isExecutable(allure)) {
            throw new IllegalStateException("the Allure command line is not at " + allure + "; the build unpacks "
                    + "io.qameta.allure:allure-commandline there (maven-dependency-plugin), run mvn verify again");
        }
        copyCategories(results);
        keepHistory(report, results);
        List<String> command = new ArrayList<>(List.of(allure.toString(), "generate", "--clean", "-o",
                report.toAbsolutePath().toString(), results.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).inheritIO();
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("allure generate did not finish within 10 minutes: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("allure generate failed with exit code " + process.exitValue()
                    + " (its output is above): " + command);
        }
        return report.resolve("index.html").toAbsolutePath();
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }

    static void copyCategories(Path results) throws IOException {
        try (InputStream in = AllureReport.class.getResourceAsStream("categories.json")) {
            if (in == null) {
                throw new IllegalStateException("categories.json is missing from the mayabench-reports jar");
            }
            Files.copy(in, results.resolve("categories.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies the previous report's history into the results, so the new report continues the trend. */
    static void keepHistory(Path report, Path results) throws IOException {
        Path history = report.resolve("history");
        if (!Files.isDirectory(history)) {
            return;
        }
        Path target = results.resolve("history");
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(history)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                try {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot keep Allure history " + file + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
