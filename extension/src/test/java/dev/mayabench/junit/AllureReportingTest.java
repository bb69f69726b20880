package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fio.FioResult;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a benchmark class on the JUnit Platform with the real Allure listener, as Maven does, and reads what
 * Allure wrote: the stages as the class's set-up, the fio run as a step with its attachments, the
 * environment.
 */
class AllureReportingTest {

    @TempDir
    Path results;

    AllureLifecycle previous;

    @MayastorCluster(name = "e2e-allure", storageNodes = 3)
    static class ReportedBenchmark {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "8m", numjobs = 2)
        void randomRead(FioResult result) {
        }
    }

    @BeforeEach
    void recordIntoTempDirectory() {
        previous = Allure.getLifecycle();
        System.setProperty("allure.results.directory", results.toString());
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        Allure.setLifecycle(lifecycle);
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(ReportedBenchmark.class))
                        .build(), new AllureJunitPlatform(lifecycle));
    }

    @AfterEach
    void restore() {
        Allure.setLifecycle(previous);
        System.clearProperty("allure.results.directory");
    }

    private List<JsonNode> read(String suffix) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
                nodes.add(new ObjectMapper().readTree(f.toFile()));
            }
        }
        return nodes;
    }

    @Test
    void theFioRunIsAStepWithJobFileRawJsonAndSummaryAttached() throws IOException {
        JsonNode test = read("-result.json").stream()
                .filter(r -> r.get("name").asText().equals("randomRead(FioResult)")).findFirst().orElseThrow();

        assertThat(test.get("status").asText()).isEqualTo("passed");
        JsonNode step = test.get("steps").get(0);
        assertThat(step.get("name").asText()).isEqualTo("workload: fio randread-4k");
        assertThat(step.get("stop").asLong() - step.get("start").asLong()).isGreaterThanOrEqualTo(1000);
        List<String> attachments = new ArrayList<>();
        step.get("attachments").forEach(a -> attachments.add(a.get("name").asText()));
        assertThat(attachments).contains("fio job file", "summary", "summary (CSV)", "fio output (json+)");
        String csvSource = null;
        for (JsonNode a : step.get("attachments")) {
            if (a.get("name").asText().equals("summary (CSV)")) {
                csvSource = a.get("source").asText();
            }
        }
        assertThat(results.resolve(csvSource)).content()
                .startsWith("job,direction,bs,IOPS,MiB/s,mean,p50,p90,p99,p99.9")
                .contains("all jobs,read,4 KiB,");
    }

    @Test
    void theStagesAreTheClassSetUpWithTheirSkipReasons() throws IOException {
        JsonNode container = read("-container.json").stream()
                .filter(c -> c.has("befores") && c.get("befores").size() > 0).findFirst().orElseThrow();

        JsonNode setUp = container.get("befores").get(0);
        assertThat(setUp.get("name").asText()).isEqualTo("mayabench cluster 'e2e-allure' (local)");
        List<String> steps = new ArrayList<>();
        setUp.get("steps").forEach(s -> steps.add(s.get("name").asText()));
        assertThat(steps).contains("stage provision — skipped: provider 'local' runs fio on this machine: "
                + "nothing to create in a cloud");
        assertThat(steps).anyMatch(s -> s.startsWith("settings not applicable to provider 'local'")
                && s.contains("storageNodes"));
    }

    @Test
    void theEnvironmentNamesProviderFioKernelCpuAndFilesystem() throws IOException {
        String environment = Files.readString(results.resolve("environment.properties"));

        assertThat(environment).contains("provider=local").contains("fio=fio-").contains("kernel=")
                .contains("cpu=").contains("target.filesystem=");
    }
}
