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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.ansible.NodeFacts;
import dev.mayabench.fixtures.ec2.NvmeLayout;
import dev.mayabench.fixtures.kube.ChartRepositoryServer;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.WorkspaceState.CreatedResource;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;

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
                // the user's Mayastor allows bare device names, which the inventory below names
                .chartValues(Map.of("agents", Map.of("core", Map.of("allowNonPersistentDevlink", true))))
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
                        .contains("read 3 storage and client node(s) from " + workspace.file("inventory.ini"))
                        .contains("warning: pool disk(s) {storage-1=/dev/nvme2n1, storage-2=/dev/nvme3n1} are bare "
                                + "device names; Mayastor 2.9.1's core agent refuses them unless");
                assertThat(deploy.tearDown(line -> { })).isEmpty();
            }
        }
    }

    private static final String DISK_1 = "/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS1111111111111111";
    private static final String DISK_2 = "/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS2222222222222222";
    private static final ResourceDefinitionContext DISK_POOLS = new ResourceDefinitionContext.Builder()
            .withGroup("openebs.io").withVersion("v1beta3").withKind("DiskPool").withPlural("diskpools")
            .withNamespaced(true).build();

    /**
     * A stand-in for helm that records its arguments in {@code helm.log} and, for {@code uninstall}, does what
     * uninstalling Mayastor's chart does to its diskpool operator: deletes the operator's Deployment.
     */
    private Path helmStandIn(MayastorSimulator cluster) throws Exception {
        Path script = dir.resolve("helm-stand-in/helm");
        Files.createDirectories(script.getParent());
        Files.writeString(script, """
                #!/usr/bin/env python3
                import sys, urllib.request
                with open(%s, "a") as log:
                    log.write(" ".join(sys.argv[1:]) + "\\n")
                if sys.argv[1] == "uninstall":
                    urllib.request.urlopen(urllib.request.Request(
                        %s + "/apis/apps/v1/namespaces/mayastor/deployments/mayastor-operator-diskpool",
                        method="DELETE"))
                """.formatted("\"" + dir.resolve("helm.log") + "\"", "\"" + cluster.url() + "\""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private ClusterSpec specWith(Path kubeconfig, String... more) {
        Map<String, String> properties = new LinkedHashMap<>(Map.of("mayabench.name", "deploy",
                "mayabench.provider", "existing", "mayabench.kubeconfig", kubeconfig.toString(),
                "mayabench.kube.timeout", "20s"));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return ClusterSpec.load(null, ConfigSources.of(properties, Map.of()));
    }

    @Test
    void teardownWaitsForThePoolsToGoBeforeUninstallingMayastorWhoseOperatorRemovesTheirFinalizer() throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .clientNodes("worker-1").mayastorInstalled("2.11.0").workDirectory(dir.resolve("cluster")).start()) {
            Workspace workspace = Workspace.open(dir.resolve("ws"));
            workspace.writeState(WorkspaceState.fresh("deploy", "existing", "x"));
            ClusterSpec spec = specWith(cluster.kubeconfig(dir.resolve("kubeconfig")), "mayabench.mayastor.poolDisk",
                    "storage-1=" + DISK_1 + ",storage-2=" + DISK_2);
            try (KubeTarget target = new KubeTarget(spec, workspace)) {
                DeployStage deploy = new DeployStage(target, Helm.at(helmStandIn(cluster), line -> { }));
                Pipeline.builder(workspace).stage(deploy).build().setUp();
                // as if mayabench had installed this Mayastor: its release is recorded before the pools
                CreatedResource release = new CreatedResource("kubernetes/HelmRelease", "mayastor/mayastor",
                        "chart mayastor 2.11.0");
                workspace.updateState(s -> {
                    WorkspaceState reordered = s;
                    for (CreatedResource r : s.resources()) {
                        reordered = reordered.withoutResource(r);
                    }
                    boolean placed = false;
                    for (CreatedResource r : s.resources()) {
                        if (!placed && r.kind().equals("kubernetes/DiskPool")) {
                            reordered = reordered.withResource(release);
                            placed = true;
                        }
                        reordered = reordered.withResource(r);
                    }
                    return reordered;
                });

                List<String> log = new ArrayList<>();
                assertThat(deploy.tearDown(log::add)).isEmpty();

                assertThat(cluster.leftovers("mayabench")).as("no pool is left Terminating").isEmpty();
                assertThat(Files.readString(dir.resolve("helm.log"))).startsWith("uninstall mayastor");
                assertThat(String.join("\n", log)).containsSubsequence("to be gone", "deleted kubernetes/DiskPool",
                        "to be gone", "deleted kubernetes/DiskPool", "deleted kubernetes/HelmRelease");
            }
        }
    }

    @Test
    void aChartVersionTheRepositoryDoesNotPublishFailsBeforeAnythingIsInstalledNamingThePublishedOnes()
            throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .clientNodes("worker-1").mayastorNotInstalled().workDirectory(dir.resolve("cluster")).start();
             ChartRepositoryServer charts = ChartRepositoryServer.start("mayastor", "2.9.1", "2.10.0", "2.11.0")) {
            Workspace workspace = Workspace.open(dir.resolve("ws"));
            workspace.writeState(WorkspaceState.fresh("deploy", "existing", "x"));
            ClusterSpec spec = specWith(cluster.kubeconfig(dir.resolve("kubeconfig")), "mayabench.mayastor.poolDisk",
                    "storage-1=" + DISK_1 + ",storage-2=" + DISK_2, "mayabench.mayastor.chartVersion", "2.11.9");
            try (KubeTarget target = new KubeTarget(spec, workspace)) {
                DeployStage deploy = new DeployStage(target, Helm.at(helmStandIn(cluster), line -> { }),
                        ChartRepository.of(charts.url()));

                assertThatThrownBy(() -> Pipeline.builder(workspace).stage(deploy).build().setUp())
                        .hasStackTraceContaining("mayastor.chartVersion = '2.11.9'")
                        .hasStackTraceContaining("2.11.0, 2.10.0, 2.9.1")
                        .hasStackTraceContaining("did you mean '2.11.0'?");
                assertThat(dir.resolve("helm.log")).as("helm never ran").doesNotExist();
                assertThat(workspace.state().orElseThrow().resources()).extracting(CreatedResource::kind)
                        .doesNotContain("kubernetes/HelmRelease");
                assertThat(charts.indexRequests()).isEqualTo(1);
            }
        }
    }

    /** What node-facts.yml records for a node whose kernel lists these NVMe disks. */
    private static void writeFacts(Workspace workspace, String host, List<NvmeLayout.Disk> disks) throws Exception {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("host", host);
        facts.put("kernel", "6.8.0-1015-aws");
        facts.put("os", "Ubuntu 24.04");
        facts.put("cpus", 2);
        facts.put("memory_mib", 7_800);
        facts.put("nvme_devices", disks.stream().map(d -> Map.of("name", d.name(), "size", d.sizeBytes(),
                "model", d.model(), "serial", d.serial())).toList());
        facts.put("nvme_device", NodeFacts.INSTANCE_STORE);
        Files.createDirectories(workspace.file("facts"));
        new ObjectMapper().writeValue(workspace.file("facts").resolve(host + ".json").toFile(), facts);
    }

    private static WorkspaceState awsNodes() {
        Optional<String> instanceStore = Optional.of(NodeFacts.INSTANCE_STORE);
        return WorkspaceState.fresh("deploy", "aws", "x").withNodes(List.of(
                new ClusterNode("storage-1", Set.of(NodeRole.STORAGE), "10.42.0.4", Optional.empty(), 22, "ubuntu",
                        instanceStore),
                new ClusterNode("storage-2", Set.of(NodeRole.STORAGE), "10.42.0.5", Optional.empty(), 22, "ubuntu",
                        instanceStore),
                new ClusterNode("worker-1", Set.of(NodeRole.WORKER), "10.42.0.6", Optional.empty(), 22, "ubuntu",
                        Optional.empty())));
    }

    @Test
    void aStorageNodesPoolGoesOnItsInstanceStoreDiskFoundByModelAndSerialWhateverItsNvmeName() throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .clientNodes("worker-1").mayastorInstalled("2.11.0").workDirectory(dir.resolve("cluster")).start()) {
            Workspace workspace = Workspace.open(dir.resolve("ws"));
            workspace.writeState(awsNodes());
            // two Nitro launches whose NVMe order differs: the instance store is nvme0n1 on one, nvme1n1 on the other
            List<NvmeLayout.Disk> first = null;
            List<NvmeLayout.Disk> second = null;
            for (int i = 0; first == null || second == null; i++) {
                List<NvmeLayout.Disk> layout = NvmeLayout.forInstance("i-0e2e" + i, "m5d.large");
                if (layout.get(0).instanceStore() && first == null) {
                    first = layout;
                } else if (!layout.get(0).instanceStore() && second == null) {
                    second = layout;
                }
            }
            writeFacts(workspace, "storage-1", first);
            writeFacts(workspace, "storage-2", second);
            ClusterSpec spec = specWith(cluster.kubeconfig(dir.resolve("kubeconfig")));

            try (KubeTarget target = new KubeTarget(spec, workspace)) {
                DeployStage deploy = new DeployStage(target, Helm.at(helmStandIn(cluster), line -> { }));
                Pipeline.builder(workspace).stage(deploy).build().setUp();

                String link1 = "/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_"
                        + first.stream().filter(NvmeLayout.Disk::instanceStore).findFirst().orElseThrow().serial();
                String link2 = "/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_"
                        + second.stream().filter(NvmeLayout.Disk::instanceStore).findFirst().orElseThrow().serial();
                assertThat(cluster.client().genericKubernetesResources(DISK_POOLS).inNamespace("mayastor").list()
                        .getItems()).extracting(p -> p.getAdditionalProperties().get("spec"))
                        .as("Online pools on the instance-store disks, named as the core agent accepts them")
                        .containsExactlyInAnyOrder(Map.of("node", "storage-1", "disks", List.of(link1)),
                                Map.of("node", "storage-2", "disks", List.of(link2)));
                assertThat(Files.readString(workspace.file("logs/deploy.log")))
                        .contains("storage node storage-2: instance-store disk nvme1n1 (Amazon EC2 NVMe Instance "
                                + "Storage, 70 GiB) serial");
                assertThat(deploy.tearDown(line -> { })).isEmpty();
            }
        }
    }

    @Test
    void aStorageNodeWithoutAnInstanceStoreDiskStopsTheDeployNamingTheDisksItHas() throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .clientNodes("worker-1").mayastorInstalled("2.11.0").workDirectory(dir.resolve("cluster")).start()) {
            Workspace workspace = Workspace.open(dir.resolve("ws"));
            workspace.writeState(awsNodes());
            writeFacts(workspace, "storage-1", NvmeLayout.forInstance("i-0e2e1", "m5d.large"));
            writeFacts(workspace, "storage-2", NvmeLayout.forInstance("i-0e2e2", "m5.large"));
            ClusterSpec spec = specWith(cluster.kubeconfig(dir.resolve("kubeconfig")));

            try (KubeTarget target = new KubeTarget(spec, workspace)) {
                DeployStage deploy = new DeployStage(target, Helm.at(helmStandIn(cluster), line -> { }));
                assertThatThrownBy(() -> Pipeline.builder(workspace).stage(deploy).build().setUp())
                        .hasStackTraceContaining("storage node storage-2 has no NVMe disk of model 'Amazon EC2 NVMe "
                                + "Instance Storage'")
                        .hasStackTraceContaining("[nvme0n1 (Amazon Elastic Block Store, 8 GiB)]")
                        .hasStackTraceContaining("mayastor.poolDisk=storage-2=/dev/disk/by-id/");
                assertThat(cluster.client().genericKubernetesResources(DISK_POOLS).inNamespace("mayastor").list()
                        .getItems()).as("no pool on a guessed disk").isEmpty();
            }
        }
    }
}
