package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy stage alone, on the Mayastor simulator: pool API detection, pools found again, teardown records. */
class DeployStageTest {

    @TempDir
    Path dir;

    private ClusterSpec spec(Path kubeconfig) {
        return ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.name", "deploy", "mayabench.provider",
                "existing", "mayabench.kubeconfig", kubeconfig.toString(), "mayabench.mayastor.poolDisk",
                "storage-1=/dev/nvme1n1,storage-2=/dev/nvme1n1"), Map.of()));
    }

    @Test
    void olderMayastorGetsMayastorPoolsAndANodesExistingPoolIsUsedNotDuplicated() throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .clientNodes("worker-1").mayastorInstalled("1.0.8")
                .poolApi(dev.mayabench.fixtures.kube.PoolApi.MAYASTOR_POOL_V1ALPHA1)
                .workDirectory(dir.resolve("cluster")).start()) {
            ResourceDefinitionContext mayastorPools = new ResourceDefinitionContext.Builder().withGroup("openebs.io")
                    .withVersion("v1alpha1").withKind("MayastorPool").withPlural("mayastorpools").withNamespaced(true)
                    .build();
            GenericKubernetesResource own = new GenericKubernetesResource();
            own.setApiVersion("openebs.io/v1alpha1");
            own.setKind("MayastorPool");
            own.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("pool-on-storage-1")
                    .withNamespace("mayastor").build());
            own.setAdditionalProperty("spec", Map.of("node", "storage-1", "disks", List.of("/dev/nvme1n1")));
            cluster.client().genericKubernetesResources(mayastorPools).inNamespace("mayastor").resource(own).create();
            Workspace workspace = Workspace.open(dir.resolve("ws"));
            workspace.writeState(WorkspaceState.fresh("deploy", "existing", "x"));
            ClusterSpec spec = spec(cluster.kubeconfig(dir.resolve("kubeconfig")));

            try (KubeTarget target = new KubeTarget(spec, workspace)) {
                DeployStage deploy = new DeployStage(target);
                Pipeline.builder(workspace).stage(deploy).build().setUp();

                List<String> pools = cluster.client().genericKubernetesResources(mayastorPools).inNamespace("mayastor")
                        .list().getItems().stream().map(p -> p.getMetadata().getName()).sorted().toList();
                assertThat(pools).containsExactly("mayabench-storage-2", "pool-on-storage-1");
                String log = Files.readString(workspace.file("logs/deploy.log"));
                assertThat(log).contains("pool API: MayastorPool openebs.io/v1alpha1")
                        .contains("node storage-1 already has pool pool-on-storage-1: using it")
                        .contains("Mayastor 1.0.8 already runs");

                List<String> lines = new ArrayList<>();
                assertThat(deploy.tearDown(lines::add)).isEmpty();
                assertThat(cluster.client().genericKubernetesResources(mayastorPools).inNamespace("mayastor").list()
                        .getItems()).extracting(p -> p.getMetadata().getName())
                        .as("the user's own pool stays").containsExactly("pool-on-storage-1");
                assertThat(workspace.state().orElseThrow().resources()).isEmpty();
            }
        }
    }

    @Test
    void anExistingClustersInventoryNamesTheStorageNodesTheirDisksAndTheFioClients() throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .clientNodes("worker-1").mayastorInstalled("2.9.1")
                .poolApi(dev.mayabench.fixtures.kube.PoolApi.V1BETA3).workDirectory(dir.resolve("cluster")).start()) {
            Workspace workspace = Workspace.open(dir.resolve("ws"));
            workspace.writeState(WorkspaceState.fresh("deploy", "existing", "x"));
            Files.writeString(workspace.file("inventory.ini"), """
                    [mayastor_storage]
                    storage-1 ansible_host=127.0.0.1 nvme_device=/dev/nvme2n1
                    storage-2 ansible_host=127.0.0.1 nvme_device=/dev/nvme3n1
                    [mayastor_clients]
                    worker-1 ansible_host=127.0.0.1
                    """);
            ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.name", "deploy",
                    "mayabench.provider", "existing", "mayabench.kubeconfig",
                    cluster.kubeconfig(dir.resolve("kubeconfig")).toString()), Map.of()));

            try (KubeTarget target = new KubeTarget(spec, workspace)) {
                DeployStage deploy = new DeployStage(target);
                Pipeline.builder(workspace).stage(deploy).build().setUp();

                ResourceDefinitionContext diskPools = new ResourceDefinitionContext.Builder()
                        .withGroup("openebs.io").withVersion("v1beta3").withKind("DiskPool").withPlural("diskpools")
                        .withNamespaced(true).build();
                assertThat(cluster.client().genericKubernetesResources(diskPools).inNamespace("mayastor").list()
                        .getItems()).extracting(p -> p.getAdditionalProperties().get("spec"))
                        .containsExactlyInAnyOrder(Map.of("node", "storage-1", "disks", List.of("/dev/nvme2n1")),
                                Map.of("node", "storage-2", "disks", List.of("/dev/nvme3n1")));
                assertThat(cluster.client().nodes().withName("worker-1").get().getMetadata().getLabels())
                        .containsEntry("mayabench.dev/fio-client", "true");
                assertThat(Files.readString(workspace.file("logs/deploy.log")))
                        .contains("read 3 storage and client node(s) from " + workspace.file("inventory.ini"));
                assertThat(deploy.tearDown(line -> { })).isEmpty();
            }
        }
    }
}
