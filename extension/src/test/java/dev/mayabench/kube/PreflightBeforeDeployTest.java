package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy stage runs the preflight first: an error stops it before anything is changed on the cluster. */
class PreflightBeforeDeployTest {

    @TempDir
    Path dir;

    @Test
    void aStorageNodeWithoutHugepagesStopsTheDeployStageBeforeItLabelsOrInstallsAnything() throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .clientNodes("worker-1").mayastorNotInstalled().workDirectory(dir.resolve("cluster")).start()) {
            cluster.client().nodes().withName("storage-2").editStatus(n -> {
                n.getStatus().getAllocatable().put("hugepages-2Mi", new Quantity("0"));
                return n;
            });
            Workspace workspace = Workspace.open(dir.resolve("ws"));
            workspace.writeState(WorkspaceState.fresh("deploy", "existing", "x"));
            ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.name", "deploy",
                    "mayabench.provider", "existing", "mayabench.kubeconfig",
                    cluster.kubeconfig(dir.resolve("kubeconfig")).toString(), "mayabench.mayastor.poolDisk",
                    "storage-1=/dev/nvme1n1,storage-2=/dev/nvme1n1"), Map.of()));

            try (KubeStages kube = new KubeStages(spec, workspace)) {
                Pipeline.Builder pipeline = Pipeline.builder(workspace);
                kube.contributeTo(pipeline);

                assertThatThrownBy(() -> pipeline.build().setUp()).isInstanceOf(StageFailedException.class)
                        .rootCause().isInstanceOf(PreflightFailedException.class)
                        .hasMessageContaining("nothing was changed on the cluster")
                        .hasMessageContaining("hugepages")
                        .hasMessageContaining("storage-2");
            }
            assertThat(cluster.client().nodes().list().getItems()).allSatisfy(n -> assertThat(n.getMetadata()
                    .getLabels()).doesNotContainKey("openebs.io/engine"));
            assertThat(cluster.client().namespaces().withName("mayabench").get()).isNull();
            assertThat(workspace.state().orElseThrow().resources()).isEmpty();
            assertThat(Files.readString(workspace.file("logs/deploy.log")))
                    .contains("preflight: OK          kubernetes        cluster: Kubernetes 1.31")
                    .contains("preflight: ERROR       hugepages         storage-2");
        }
    }

    @Test
    void anExistingClusterKnownOnlyByItsInventoryPassesThePreflightAndDeploys() throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .clientNodes("worker-1").mayastorInstalled("2.9.1")
                .poolApi(dev.mayabench.fixtures.kube.PoolApi.V1BETA3).workDirectory(dir.resolve("cluster")).start()) {
            Workspace workspace = Workspace.open(dir.resolve("ws"));
            workspace.writeState(WorkspaceState.fresh("deploy", "existing", "x"));
            Files.writeString(workspace.file("inventory.ini"), """
                    [mayastor_storage]
                    storage-1 ansible_host=127.0.0.1 nvme_device=/dev/disk/by-id/nvme-disk-1
                    storage-2 ansible_host=127.0.0.1 nvme_device=/dev/disk/by-id/nvme-disk-2
                    [mayastor_clients]
                    worker-1 ansible_host=127.0.0.1
                    """);
            ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.name", "deploy",
                    "mayabench.provider", "existing", "mayabench.kubeconfig",
                    cluster.kubeconfig(dir.resolve("kubeconfig")).toString()), Map.of()));

            try (KubeStages kube = new KubeStages(spec, workspace)) {
                Pipeline.Builder pipeline = Pipeline.builder(workspace);
                kube.contributeTo(pipeline);
                pipeline.build().setUp();
                assertThat(kube.tearDown(line -> { })).isEmpty();
            }
            assertThat(Files.readString(workspace.file("logs/deploy.log")))
                    .contains("preflight: OK          nodes             cluster: storage nodes [storage-1, storage-2]")
                    .contains("preflight: OK          pool-disk-link    storage-1 /dev/disk/by-id/nvme-disk-1");
        }
    }
}
