package dev.mayabench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Generates real reports with the unpacked Allure command line from results a real JUnit run wrote. */
class AllureReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path results;
    Path report;
    Path allureHome;
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    AllureReport allure;

    @BeforeEach
    void setUp() {
        results = dir.resolve("allure-results");
        report = dir.resolve("allure-report");
        allureHome = Path.of(System.getProperty("allureReport.home"));
        allure = new AllureReport(allureHome, Duration.ofMinutes(2), tee(output));
    }

    @Test
    void generatesAnHtmlReportOfEveryTestAndSaysWhereItIs() throws IOException {
        SampleBenchmarks.runInto(results);

        Optional<Path> index = allure.generate(results, report);

        assertThat(index).contains(report.resolve("index.html").toAbsolutePath());
        assertThat(report.resolve("index.html")).isNotEmptyFile();
        assertThat(testCaseNames()).contains("fastEnough()", "tooSlow()", "fioMissing()", "wrongSetting()",
                "bugInTest()", "wrongJobName()");
        JsonNode statistic = JSON.readTree(report.resolve("widgets/summary.json").toFile()).get("statistic");
        assertThat(statistic.get("passed").asInt()).isEqualTo(1);
        assertThat(statistic.get("failed").asInt()).isEqualTo(2);
        String log = output.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("[allure] Report successfully generated to");
        assertThat(log.strip().lines().reduce((first, second) -> second))
                .contains("Allure report: " + report.resolve("index.html").toAbsolutePath().toUri());
    }

    @Test
    void putsEveryFailureIntoItsOneCategory() throws IOException {
        SampleBenchmarks.runInto(results);

        allure.generate(results, report);

        // a failed set-up of a class is one result named after the class (Allure's JUnit Platform listener)
        assertThat(testsByCategory()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Threshold breaches", List.of("tooSlow()"),
                "Infrastructure failures", List.of("SampleBenchmarks$BrokenSetUp", "fioMissing()"),
                "Configuration errors", List.of("wrongSetting()"),
                "Errors in the test", List.of("bugInTest()"),
                "Other failed assertions", List.of("wrongJobName()")));
    }

    @Test
    void aSecondReportContinuesTheTrendOfTheFirst() throws IOException {
        SampleBenchmarks.runInto(results);
        allure.generate(results, report);
        SampleBenchmarks.runInto(results);

        allure.generate(results, report);

        JsonNode trend = JSON.readTree(report.resolve("history/history-trend.json").toFile());
        assertThat(trend).hasSize(2);
        assertThat(trend.get(0).get("buildOrder").asLong()).isEqualTo(2);
        assertThat(trend.get(1).get("buildOrder").asLong()).isEqualTo(1);
        JsonNode executor = JSON.readTree(report.resolve("widgets/executors.json").toFile());
        assertThat(executor.get(0).get("buildName").asText()).isEqualTo("mayabench #2");
    }

    @Test
    void theTrendSurvivesACleanThatDeletedTheReportThroughTheHistoryStore() throws IOException {
        Path store = dir.resolve("kept/allure-history");
        SampleBenchmarks.runInto(results);
        allure.generate(results, report, java.util.Optional.of(store));
        // mvn clean: the report and the results are gone, the store (outside target/) is not
        deleteTree(report);
        deleteTree(results);
        SampleBenchmarks.runInto(results);

        allure.generate(results, report, java.util.Optional.of(store));

        JsonNode trend = JSON.readTree(report.resolve("history/history-trend.json").toFile());
        assertThat(trend).hasSize(2);
        assertThat(trend.get(0).get("buildOrder").asLong()).isEqualTo(2);
        assertThat(JSON.readTree(store.resolve("history-trend.json").toFile())).as("the store holds the new trend")
                .hasSize(2);
    }

    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void noResultsMeansNoReportAndNoFailure() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("categories.json"), "[]"); // left by an earlier generation

        assertThat(allure.generate(empty, report)).isEmpty();
        assertThat(allure.generate(dir.resolve("missing"), report)).isEmpty();

        assertThat(report).doesNotExist();
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("Allure report: no test results in " + empty.toAbsolutePath());
    }

    @Test
    void aMissingCommandLineSaysHowTheBuildProvidesIt() {
        SampleBenchmarks.runInto(results);
        AllureReport withoutCli = new AllureReport(dir.resolve("allure-cli/allure-2.34.0"));

        assertThatThrownBy(() -> withoutCli.generate(results, report))
                .isInstanceOf(AllureReportException.class)
                .hasMessageContaining("the Allure command line is not at")
                .hasMessageContaining("io.qameta.allure:allure-commandline:zip");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aFailingCommandLineFailsWithItsExitCodeAfterShowingItsOutput() throws IOException {
        SampleBenchmarks.runInto(results);
        Path fakeHome = dir.resolve("fake-allure");
        Path launcher = Files.createDirectories(fakeHome.resolve("bin")).resolve("allure");
        Files.writeString(launcher, "#!/bin/sh\necho \"JAVA_HOME=$JAVA_HOME\"\necho 'Could not read results' >&2\n"
                + "exit 3\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> new AllureReport(fakeHome, Duration.ofSeconds(30), tee(output))
                .generate(results, report))
                .isInstanceOf(AllureReportException.class)
                .hasMessageContaining("allure generate failed with exit code 3");
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("[allure] JAVA_HOME=" + System.getProperty("java.home"))
                .contains("[allure] Could not read results");
    }

    @Test
    void theReportMayNotContainTheResults() {
        SampleBenchmarks.runInto(results);

        assertThatThrownBy(() -> allure.generate(results, dir))
                .isInstanceOf(AllureReportException.class)
                .hasMessageContaining("overlap");
        assertThat(results).isDirectory();
    }

    @Test
    void mainTakesResultsReportAndAllureHome() {
        assertThatThrownBy(() -> AllureReport.main("target/allure-results"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("usage: AllureReport <allure-results directory> <report directory>");
    }

    private List<String> testCaseNames() throws IOException {
        try (Stream<Path> files = Files.list(report.resolve("data/test-cases"))) {
            return files.map(AllureReportTest::read).map(node -> node.get("name").asText()).toList();
        }
    }

    /** data/categories.json is a tree: category, then message, then the tests. */
    private Map<String, List<String>> testsByCategory() throws IOException {
        Map<String, List<String>> tests = new TreeMap<>();
        for (JsonNode category : JSON.readTree(report.resolve("data/categories.json").toFile()).get("children")) {
            List<String> names = new ArrayList<>();
            for (JsonNode message : category.get("children")) {
                message.get("children").forEach(test -> names.add(test.get("name").asText()));
            }
            tests.put(category.get("name").asText(), names.stream().sorted().toList());
        }
        return tests;
    }

    private static JsonNode read(Path json) {
        try {
            return JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line's output is kept for the assertions and shown, as it would be in a build. */
    private static PrintStream tee(ByteArrayOutputStream kept) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                kept.write(b);
                System.out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                kept.write(b, off, len);
                System.out.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }
}
