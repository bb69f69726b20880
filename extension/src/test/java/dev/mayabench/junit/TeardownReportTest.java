package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.kube.PoolApi;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A teardown runs after every test, so its failure has no test to fail: it must still reach the report, as a
 * broken result of its own that says what is still there. Here the cluster's API server goes away during the
 * test (the simulator is stopped), so nothing the deploy stage made can be deleted.
 */
class TeardownReportTest {

    static MayastorSimulator cluster;

    @TempDir
    Path dir;
    AllureLifecycle previous;

    @MayastorCluster(name = "kube-lost", provider = "existing", storageNodes = 2)
    static class ClusterLostDuringTheRun {
        @org.junit.jupiter.api.Test
        @Fio(runtime = "1s", size = "8m", ioengine = "psync", direct = 0, numjobs = 1)
        void randomRead(FioResult result) {
            cluster.close();
        }
    }

    @AfterEach
    void restore() {
        if (previous != null) {
            Allure.setLifecycle(previous);
        }
        List.of("mayabench.kubeconfig", "mayabench.mayastor.poolDisk", "allure.results.directory")
                .forEach(System::clearProperty);
        cluster.close();
    }

    @Test
    void aTeardownThatCannotDeleteIsABrokenResultNamingWhatIsStillThere() throws IOException {
        cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2").clientNodes("worker-1")
                .mayastorInstalled("2.9.1").poolApi(PoolApi.V1BETA2).workDirectory(dir.resolve("cluster")).start();
        System.setProperty("mayabench.kubeconfig", cluster.kubeconfig(dir.resolve("kubeconfig")).toString());
        System.setProperty("mayabench.mayastor.poolDisk",
                "storage-1=/dev/disk/by-id/nvme-disk-1,storage-2=/dev/disk/by-id/nvme-disk-2");
        FreshWorkspace.of("kube-lost");
        Path results = Files.createDirectories(dir.resolve("allure-results"));
        previous = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        Allure.setLifecycle(lifecycle);
        SummaryGeneratingListener summary = new SummaryGeneratingListener();

        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(ClusterLostDuringTheRun.class))
                        .build(), new AllureJunitPlatform(lifecycle), summary);

        assertThat(summary.getSummary().getTestsSucceededCount()).as("the test itself").isEqualTo(1);
        List<JsonNode> teardowns = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                JsonNode r = new ObjectMapper().readTree(f.toFile());
                if (r.get("name").asText().equals("teardown of cluster kube-lost")) {
                    teardowns.add(r);
                }
            }
        }
        assertThat(teardowns).singleElement().satisfies(r -> {
            assertThat(r.get("status").asText()).isEqualTo("broken");
            assertThat(r.get("statusDetails").get("message").asText())
                    .contains("cluster 'kube-lost' (provider existing)")
                    .contains("could not delete from the cluster")
                    .contains("still there: [").contains("kubernetes/StorageClass mayabench-kube-lost")
                    // mayabench down deletes nothing of an existing cluster: the message must not send the user there
                    .contains("remove with: kubectl delete").doesNotContain("mayabench:down")
                    .doesNotContain("mayabench down kube-lost");
            assertThat(r.get("statusDetails").get("trace").asText()).as("the trace Allure's categories read")
                    .startsWith("dev.mayabench.stage.StageFailedException: ");
            assertThat(r.get("attachments")).extracting(a -> a.get("name").asText()).contains("teardown log");
            assertThat(r.toString()).contains("\"value\":\"mayabench clusters\"");
        });
    }
}
