package dev.mayabench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Generates real reports with the unpacked Allure command line from results a real JUnit run wrote. */
class AllureReportTest {

    @TempDir
    Path dir;

    Path results;
    Path report;
    Path allureHome;

    /** A passing benchmark and one that breaches its threshold, with the message FioAssertions writes. */
    static class SampleBenchmark {
        @Test
        void fastEnough() {
        }

        @Test
        void tooSlow() {
            throw new AssertionError("\nExpecting IOPS of read of all jobs\n  measured: 812.0\nto be at least\n"
                    + "  threshold: 1,000.0\nbut it was lower (profile randread-4k, result x.json)");
        }
    }

    @BeforeEach
    void runSampleBenchmark() {
        results = dir.resolve("allure-results");
        report = dir.resolve("allure-report");
        allureHome = Path.of(System.getProperty("allure.home"));
        writeResults();
    }

    private void writeResults() {
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SampleBenchmark.class)).build(), new AllureJunitPlatform(lifecycle));
    }

    @Test
    void generatesAnHtmlReportWithBothTestsAndTheBreachInItsCategory() throws Exception {
        Path index = AllureReport.generate(results, report, allureHome);

        assertThat(index).exists().hasFileName("index.html");
        JsonNode categories = new ObjectMapper().readTree(report.resolve("widgets/categories.json").toFile());
        assertThat(categories.toString()).contains("Threshold breaches");
        JsonNode summary = new ObjectMapper().readTree(report.resolve("widgets/summary.json").toFile());
        assertThat(summary.get("statistic").get("passed").asInt()).isEqualTo(1);
        assertThat(summary.get("statistic").get("failed").asInt()).isEqualTo(1);
    }

    @Test
    void aSecondReportContinuesTheTrendOfTheFirst() throws Exception {
        AllureReport.generate(results, report, allureHome);
        writeResults();

        AllureReport.generate(results, report, allureHome);

        JsonNode trend = new ObjectMapper().readTree(report.resolve("history/history-trend.json").toFile());
        assertThat(trend.size()).isEqualTo(2);
    }

    @Test
    void noResultsMeansNoReportAndNoFailure() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThat(AllureReport.generate(empty, dir.resolve("none"), allureHome)).isNull();
        assertThat(dir.resolve("none")).doesNotExist();
    }
}
