package dev.mayabench.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mayabench:report} with the real Allure command line, unpacked into target/ by the build (the parent's
 * unpack-allure-cli execution, as in the reports module), against a small real results directory.
 */
class ReportGoalTest {

    @TempDir
    Path dir;

    Path target;
    RecordingLog log = new RecordingLog();
    ReportMojo report = new ReportMojo();

    @BeforeEach
    void project() {
        target = dir.resolve("consumer/target");
        report.setLog(log);
        report.results = target.resolve("allure-results").toFile();
        report.output = target.resolve("allure-report").toFile();
        report.history = dir.resolve("consumer/.mayabench/allure-history").toFile();
        report.allureHome = Path.of(System.getProperty("allureReport.home")).toFile();
        report.allureVersion = System.getProperty("allure.commandline.version");
        report.allureUnpackDirectory = target.resolve("allure-cli").toFile();
    }

    /** One test result in Allure 2's result format, as allure-junit-platform writes it. */
    static void result(Path results, String name, String status) throws IOException {
        Files.createDirectories(results);
        String uuid = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        Files.writeString(results.resolve(uuid + "-result.json"), """
                {"uuid":"%s","historyId":"%s","testCaseId":"%s","fullName":"com.example.Bench.%s","name":"%s",
                 "status":"%s","stage":"finished","start":%d,"stop":%d,
                 "labels":[{"name":"suite","value":"com.example.Bench"}]}
                """.formatted(uuid, name, name, name, name, status, now - 1000, now));
    }

    @Test
    void makesTheHtmlReportAndSaysWhereItIs() throws Exception {
        result(target.resolve("allure-results"), "randomRead", "passed");

        report.execute();

        Path index = target.resolve("allure-report/index.html");
        assertThat(index).isNotEmptyFile();
        assertThat(log.text()).contains("[INFO] Allure report: " + index.toUri());
        assertThat(target.resolve("allure-results/categories.json")).as("mayabench's categories").exists();
    }

    @Test
    void theTrendSurvivesMvnCleanThroughTheHistoryKeptOutsideTarget() throws Exception {
        result(target.resolve("allure-results"), "randomRead", "passed");
        report.execute();
        deleteTree(target); // mvn clean
        result(target.resolve("allure-results"), "randomRead", "failed");

        report.execute();

        String trend = Files.readString(target.resolve("allure-report/history/history-trend.json"));
        assertThat(trend).contains("\"buildOrder\":2").contains("\"buildOrder\":1");
        assertThat(dir.resolve("consumer/.mayabench/allure-history/history-trend.json")).exists();
    }

    @Test
    void withoutResultsItSaysSoAndMakesNoReport() throws Exception {
        report.allureHome = null; // nothing is resolved or unpacked for no results

        report.execute();

        assertThat(log.text()).contains("Allure report: no test results in " + target.resolve("allure-results"));
        assertThat(target.resolve("allure-report")).doesNotExist();
        assertThat(target.resolve("allure-cli")).doesNotExist();
    }

    @Test
    void resultsLeftAtTheProjectRootAreNamedWithTheWayToReportOnThem() throws Exception {
        report.basedir = dir.resolve("consumer").toFile();
        result(dir.resolve("consumer/allure-results"), "randomRead", "passed");

        report.execute();

        assertThat(log.text()).contains("[WARNING] Allure report: there are results in "
                + dir.resolve("consumer/allure-results") + "; report on them with -Dmayabench.report.results="
                + dir.resolve("consumer/allure-results"));
        assertThat(target.resolve("allure-report")).doesNotExist();
    }

    @Test
    void skipMakesNothing() throws Exception {
        result(target.resolve("allure-results"), "randomRead", "passed");
        report.skip = true;

        report.execute();

        assertThat(target.resolve("allure-report")).doesNotExist();
    }

    @Test
    void aMissingCommandLineIsAnErrorThatSaysWhatToDo() throws Exception {
        result(target.resolve("allure-results"), "randomRead", "passed");
        report.allureHome = dir.resolve("no-allure").toFile();

        assertThatThrownBy(report::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("the Allure command line is not at " + dir.resolve("no-allure/bin/allure"));
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
