package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import io.fabric8.kubernetes.api.model.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** What the end-to-end run of every cloud provider must show, whichever cloud made the machines. */
final class CloudPipelineChecks {

    private CloudPipelineChecks() {
    }

    /**
     * The one test passed with the merged result of its two pods, and the report has the provision and deploy steps,
     * the skipped node stages and fio's files. Returns the report's text for the caller's own checks.
     */
    static String passedWithTwoPodsAndEveryStageInTheReport(SummaryGeneratingListener summary, FioResult result,
                                                            Path results) throws IOException {
        assertThat(summary.getSummary().getTestsSucceededCount()).as("failures: %s",
                summary.getSummary().getFailures().stream().map(f -> f.getException().toString()).toList())
                .isEqualTo(1);
        assertThat(result.pods()).as("one result per pod").hasSize(2);
        assertThat(result.read().totalIos()).isEqualTo(result.pods().values().stream()
                .mapToLong(p -> p.read().totalIos()).sum());
        assertThat(result.pods().values()).allSatisfy(p -> assertThat(p.read().iops()).isPositive());

        String report = LauncherWithAllure.allText(results);
        for (String stage : List.of("provision", "deploy")) {
            assertThat(report).as("Allure step of stage " + stage).contains("\"name\":\"stage " + stage + "\"");
        }
        for (String stage : List.of("tunnel", "kubernetes", "prepare-nodes")) {
            assertThat(report).as("skipped Allure step of stage " + stage)
                    .contains("\"name\":\"stage " + stage + " — skipped: skipped by mayabench.skip\"");
        }
        assertThat(report).contains("fio output (json+) mb-randomread-").contains("fio job file");
        return report;
    }

    /**
     * The simulated cluster holds nothing of the run, its nodes registered under the names k3s.yml passes (the
     * inventory's), and teardown deleted the StorageClass. Returns the deploy stage's log for the caller's checks.
     */
    static String clusterLeftCleanWithTheInventorysNodeNames(MayastorSimulator cluster, String name)
            throws IOException {
        assertThat(cluster.leftovers("mayabench")).as("the simulated cluster after the run").isEmpty();
        assertThat(cluster.leftovers("mayastor")).as("pools and StorageClass after the run").isEmpty();
        for (Node node : cluster.client().nodes().list().getItems()) {
            assertThat(node.getMetadata().getLabels()).doesNotContainKeys("openebs.io/engine",
                    "mayabench.dev/fio-client");
        }
        // teardown runs when the last class using the cluster is done, after Allure closed the class's container
        assertThat(Locations.workspaceOf(name).resolve("logs/teardown.log")).content()
                .contains("deleted kubernetes/StorageClass mayabench-" + name).contains("done in");
        assertThat(Files.readString(Locations.workspaceOf(name).resolve("logs/node-names.log")))
                .contains("INSTALL_K3S_EXEC=agent --node-name=storage-1");
        assertThat(cluster.client().nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrder("master-1", "worker-1", "storage-1", "storage-2", "storage-3");
        String deploy = Files.readString(Locations.workspaceOf(name).resolve("logs/deploy.log"));
        assertThat(deploy).contains("fio client nodes: [worker-1]").contains("pool API: DiskPool openebs.io/v1beta3");
        return deploy;
    }
}
