package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.SteadyState;
import dev.mayabench.report.SteadyStateReport;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Steady state in the Allure report and in the report entries, beyond the guardrail: a real fio run with
 * {@code iops:90%} over 2 s (attains and stops early) and one without steady state, on the JUnit Platform with
 * the real Allure listener, as Maven runs them.
 */
class SteadyStateReportingTest {

    @TempDir
    static Path results;

    static AllureLifecycle previous;
    static final Map<String, FioResult> RESULTS = new ConcurrentHashMap<>();
    /** Report entries per test method name. */
    static final Map<String, List<Map<String, String>>> ENTRIES = new ConcurrentHashMap<>();

    @MayastorCluster(name = "steady-report")
    static class SteadyBenchmark {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "8s", rampTime = "1s", size = "16m", iodepth = 4, numjobs = 1,
                steadyState = "iops:90%", steadyStateDuration = "2s")
        void steady(FioResult result) {
            RESULTS.put("steady", result);
        }

        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "8m", numjobs = 1)
        void plain(FioResult result) {
            RESULTS.put("plain", result);
        }
    }

    @BeforeAll
    static void runWithAllure() {
        previous = Allure.getLifecycle();
        System.setProperty("allure.results.directory", results.toString());
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        Allure.setLifecycle(lifecycle);
        TestExecutionListener entries = new TestExecutionListener() {
            @Override
            public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                String name = test.getDisplayName().replaceFirst("\\(.*", "");
                ENTRIES.computeIfAbsent(name, n -> new ArrayList<>()).add(entry.getKeyValuePairs());
            }
        };
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(SteadyBenchmark.class))
                        .build(), new AllureJunitPlatform(lifecycle), entries);
    }

    @AfterAll
    static void restore() {
        Allure.setLifecycle(previous);
        System.clearProperty("allure.results.directory");
    }

    @Test
    void theFioStepShowsWhetherWhenAndHowSteadyStateWasReached() throws IOException {
        FioResult result = RESULTS.get("steady");
        SteadyState ss = result.job("randread-4k").steadyState().orElseThrow();
        assertThat(ss.attained()).isTrue();
        String line = SteadyStateReport.lines(result).get("randread-4k");
        assertThat(line).startsWith("iops:90% over 2s: attained, fio stopped the job after ")
                .contains("; last ", "max deviation ", " IOPS, mean " + ss.iopsMean() + " IOPS");

        JsonNode step = fioStep("steady(FioResult)");
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        step.path("parameters").forEach(p -> parameters.put(p.get("name").asText(), p.get("value").asText()));
        assertThat(parameters).containsEntry("steady state randread-4k", line);
        assertThat(results.resolve(attachment(step, "steady state"))).content()
                .isEqualTo("randread-4k: " + line + "\n");
    }

    @Test
    void theTestPublishesOneReportEntryPerJobThatAskedForSteadyState() {
        FioResult result = RESULTS.get("steady");
        assertThat(ENTRIES.get("steady")).contains(Map.of("mayabench.steadyState.randread-4k",
                SteadyStateReport.lines(result).get("randread-4k")));
    }

    @Test
    void aRunWithoutSteadyStateHasNoneOfIt() throws IOException {
        JsonNode step = fioStep("plain(FioResult)");
        assertThat(step.path("parameters").findValuesAsText("name")).noneMatch(n -> n.startsWith("steady state"));
        assertThat(step.get("attachments").findValuesAsText("name")).doesNotContain("steady state")
                .contains("summary");
        assertThat(ENTRIES.get("plain")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.keySet()).noneMatch(k -> k.startsWith("mayabench.steadyState.")));
    }

    private static JsonNode fioStep(String test) throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                JsonNode node = new ObjectMapper().readTree(f.toFile());
                if (node.get("name").asText().equals(test)) {
                    assertThat(node.get("status").asText()).isEqualTo("passed");
                    return node.get("steps").get(0);
                }
            }
        }
        throw new AssertionError("no Allure result for " + test + " in " + results);
    }

    private static String attachment(JsonNode step, String name) {
        for (JsonNode a : step.get("attachments")) {
            if (a.get("name").asText().equals(name)) {
                return a.get("source").asText();
            }
        }
        throw new AssertionError("no attachment '" + name + "' in " + step);
    }
}
