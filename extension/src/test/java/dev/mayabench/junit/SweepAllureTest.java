package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fio.SweepResult;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** A sweep in the Allure report, with the real Allure listener: one step per point, the table and the chart. */
class SweepAllureTest {

    @TempDir
    Path results;

    @MayastorCluster(name = "sweep-allure")
    static class ReportedSweep {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "0s", size = "8m", numjobs = 1)
        @FioSweep(iodepth = {1, 8})
        void depths(SweepResult sweep) {
        }
    }

    @Test
    void eachPointIsAStepAndTheSweepAttachesItsTableAndThroughputLatencyChart() throws IOException {
        AllureLifecycle previous = Allure.getLifecycle();
        System.setProperty("allure.results.directory", results.toString());
        try {
            AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
            Allure.setLifecycle(lifecycle);
            LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                    .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(ReportedSweep.class))
                            .build(), new AllureJunitPlatform(lifecycle));
        } finally {
            Allure.setLifecycle(previous);
            System.clearProperty("allure.results.directory");
        }

        JsonNode test = null;
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                JsonNode node = new ObjectMapper().readTree(f.toFile());
                if (node.get("name").asText().equals("depths(SweepResult)")) {
                    test = node;
                }
            }
        }
        assertThat(test).isNotNull();
        assertThat(test.get("status").asText()).isEqualTo("passed");
        List<String> steps = new ArrayList<>();
        test.get("steps").forEach(s -> steps.add(s.get("name").asText()));
        assertThat(steps).containsExactly("sweep point 1 of 2: iodepth=1", "sweep point 2 of 2: iodepth=8");
        List<String> pointAttachments = new ArrayList<>();
        test.get("steps").get(1).get("attachments").forEach(a -> pointAttachments.add(a.get("name").asText()));
        assertThat(pointAttachments).contains("fio job file", "fio output (json+)");
        List<String> attachments = new ArrayList<>();
        String table = null;
        for (JsonNode a : test.get("attachments")) {
            attachments.add(a.get("name").asText());
            if (a.get("name").asText().startsWith("sweep: ")) {
                table = a.get("source").asText();
            }
        }
        assertThat(attachments).contains("sweep: depths", "chart: throughput–latency",
                "chart: throughput–latency (PNG)");
        assertThat(results.resolve(table)).content().contains("read IOPS", "iodepth=1", "iodepth=8", "knee (read)");
    }
}
