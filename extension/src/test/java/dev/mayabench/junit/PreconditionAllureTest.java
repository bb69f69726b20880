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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * With the real Allure listener (as AllureReportingTest runs it): the fill is a step of the first test, before its
 * fio run, with what it did and fio's output attached; the second test shows it as a skipped step saying when it
 * was done.
 */
class PreconditionAllureTest {

    @TempDir
    Path results;

    AllureLifecycle previous;

    @MayastorCluster(name = "precondition-allure")
    @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "4m", numjobs = 1, iodepth = 2,
            precondition = "sequential")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class FilledOnce {
        @org.junit.jupiter.api.Test
        void first(FioResult result) {
        }

        @org.junit.jupiter.api.Test
        void second(FioResult result) {
        }
    }

    @BeforeEach
    void recordIntoTempDirectory() {
        FreshWorkspace.of("precondition-allure");
        previous = Allure.getLifecycle();
        System.setProperty("allure.results.directory", results.toString());
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        Allure.setLifecycle(lifecycle);
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FilledOnce.class))
                        .build(), new AllureJunitPlatform(lifecycle));
    }

    @AfterEach
    void restore() {
        Allure.setLifecycle(previous);
        System.clearProperty("allure.results.directory");
    }

    private JsonNode test(String name) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                nodes.add(new ObjectMapper().readTree(f.toFile()));
            }
        }
        return nodes.stream().filter(r -> r.get("name").asText().equals(name + "(FioResult)")).findFirst()
                .orElseThrow();
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("name").asText()).toList();
    }

    @Test
    void theFillIsAStepOfTheFirstTestAndASkippedStepOfTheSecond() throws IOException {
        JsonNode first = test("first");
        JsonNode second = test("second");

        assertThat(first.get("status").asText()).isEqualTo("passed");
        JsonNode fill = first.get("steps").get(0);
        assertThat(fill.get("name").asText()).startsWith("precondition: sequential of ")
                .endsWith("precondition-allure/data");
        assertThat(fill.get("status").asText()).isEqualTo("passed");
        assertThat(names(fill.get("attachments"))).contains("preconditioning",
                "precondition-sequential job file", "precondition-sequential fio output");
        assertThat(names(first.get("steps")).get(1)).startsWith("workload: fio randwrite-4k");
        JsonNode skipped = second.get("steps").get(0);
        assertThat(skipped.get("name").asText()).startsWith("precondition sequential — skipped: already done, "
                + "not repeated: sequential of files ");
        assertThat(skipped.get("status").asText()).isEqualTo("skipped");
    }
}
