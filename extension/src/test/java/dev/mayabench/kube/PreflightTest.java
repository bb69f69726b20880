package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.kube.Finding.Severity;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.WorkspaceState;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preflight against fabric8's mock API server in CRUD mode, with nodes seeded as a kubelet would report
 * them. One test per check: each fails when its check is taken out of {@link Preflight#run()}.
 */
@EnableKubernetesMockClient(crud = true)
class PreflightTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    Map<String, String> settings;
    WorkspaceState state;
    HostFacts facts;
    Optional<Preflight.ChartVersions> chartVersions;

    @BeforeEach
    void aPreparedClusterOfTwoStorageNodesAndAClient() throws Exception {
        client.nodes().delete();
        client.apps().daemonSets().inAnyNamespace().delete();
        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("31").build());
        settings = new HashMap<>(Map.of("mayabench.name", "doctor", "mayabench.provider", "existing",
                "mayabench.kubeconfig", Files.writeString(dir.resolve("kubeconfig"), "").toString()));
        state = WorkspaceState.fresh("doctor", "aws", "x").withNodes(List.of(
                node("storage-1", NodeRole.STORAGE, "/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS1"),
                node("storage-2", NodeRole.STORAGE, "/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS2"),
                node("worker-1", NodeRole.WORKER, null)));
        for (String name : List.of("storage-1", "storage-2")) {
            client.nodes().resource(kubeNode(name, "4", "2Gi")).create();
        }
        client.nodes().resource(kubeNode("worker-1", "2", "0")).create();
        facts = name -> Optional.of(new HostFacts.Node(name, Optional.of(Set.of("nvme_tcp", "nvme_fabrics")),
                Optional.of(List.of(
                        disk("/dev/nvme0n1", "nvme-Amazon_Elastic_Block_Store_vol0", "Amazon Elastic Block Store", true),
                        disk("/dev/nvme1n1", "nvme-Amazon_EC2_NVMe_Instance_Storage_AWS" + name.charAt(name.length() - 1),
                                "Amazon EC2 NVMe Instance Storage", false))),
                Optional.of("/dev/nvme0n1")));
        chartVersions = Optional.of(version -> { });
    }

    private static ClusterNode node(String name, NodeRole role, String disk) {
        return new ClusterNode(name, EnumSet.of(role), "10.42.0.1", Optional.empty(), 22, "ubuntu",
                Optional.ofNullable(disk));
    }

    private static HostFacts.Disk disk(String device, String byId, String model, boolean mounted) {
        return new HostFacts.Disk(device, Optional.of(Set.of("/dev/disk/by-id/" + byId)), Optional.of(mounted),
                Optional.of(model));
    }

    static Node kubeNode(String name, String cpu, String hugepages) {
        Map<String, Quantity> resources = new LinkedHashMap<>();
        resources.put("cpu", new Quantity(cpu));
        resources.put("memory", new Quantity("16Gi"));
        resources.put("hugepages-2Mi", new Quantity(hugepages));
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withCapacity(resources).withAllocatable(resources)
                .withNewNodeInfo().withKubeletVersion("v1.31.0").endNodeInfo().endStatus().build();
    }

    private Preflight.Report run() {
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(settings, Map.of()));
        return new Preflight(spec, Optional.of(state), client, spec.kube().storageClass(), facts, chartVersions).run();
    }

    private static List<Finding> of(Preflight.Report report, String check) {
        return report.findings().stream().filter(f -> f.check().equals(check)).toList();
    }

    @Test
    void aPreparedClusterHasNoErrorsAndThePreflightOnlyReads() throws Exception {
        recorded();   // the seeding's requests
        Preflight.Report report = run();

        assertThat(report.errors()).isEmpty();
        assertThat(report.findings()).extracting(Finding::check).contains("kubernetes", "nodes", "chart-version",
                "hugepages", "io-engine-cpu", "nvme-tcp", "pool-disk-link", "pool-disk", "pool-disk-mount");
        assertThat(recorded()).isNotEmpty().allMatch(m -> m.startsWith("GET "), "only GETs");
    }

    /** The requests the server received since the last call, as "METHOD path". */
    private static List<String> recorded() throws InterruptedException {
        List<String> methods = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            methods.add(request.getMethod() + " " + request.getPath());
        }
        return methods;
    }

    @Test
    void aKubernetesOlderThanTheChartsCsiDriverNeedsIsAnError() {
        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("19+").build());

        assertThat(of(run(), "kubernetes")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("Kubernetes 1.19+ is older than 1.20");
            assertThat(f.fix()).contains("upgrade");
        });
    }

    @Test
    void storageNodesRegisteredUnderTheirHostnamesAreAnErrorNamingBothNames() {
        client.nodes().withName("storage-2").delete();
        client.nodes().resource(kubeNode("ip-10-42-0-7", "4", "2Gi")).create();

        Finding nodes = of(run(), "nodes").get(0);

        assertThat(nodes.severity()).isEqualTo(Severity.ERROR);
        assertThat(nodes.message()).contains("storage-2").contains("ip-10-42-0-7");
        assertThat(nodes.fix()).contains("--node-name");
    }

    @Test
    void aClusterWithoutKnownStorageNodesIsAnErrorSayingHowToNameThem() {
        state = WorkspaceState.fresh("doctor", "existing", "x");

        Finding nodes = of(run(), "nodes").get(0);

        assertThat(nodes.severity()).isEqualTo(Severity.ERROR);
        assertThat(nodes.message()).contains("does not know which nodes");
        assertThat(nodes.fix()).contains("mayastor.poolDisk=NODE=/dev/disk/by-id/");
    }

    @Test
    void aFioClientNodeMissingFromTheClusterIsAWarning() {
        client.nodes().withName("worker-1").delete();

        assertThat(of(run(), "nodes")).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("fio client node(s) [worker-1]");
        });
    }

    @Test
    void aStorageNodeWithFewerHugepagesThanTheIoEngineRequestsIsAnError() {
        client.nodes().withName("storage-2").edit(n -> kubeNode("storage-2", "4", "1Gi"));

        List<Finding> hugepages = of(run(), "hugepages");

        assertThat(hugepages).filteredOn(f -> f.subject().equals("storage-2")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("1Gi").contains("2048Mi");
            assertThat(f.fix()).contains("vm.nr_hugepages=1024");
        });
        assertThat(hugepages).filteredOn(f -> f.subject().equals("storage-1")).extracting(Finding::severity)
                .containsExactly(Severity.OK);
    }

    @Test
    void anIoEngineAskingMoreCpusThanTheNodeHasIsAnErrorAsIsACoreListBeyondItsCores() {
        settings.put("mayabench.mayastor.ioEngineCpus", "6");

        assertThat(of(run(), "io-engine-cpu")).extracting(Finding::severity).containsOnly(Severity.ERROR);

        settings.remove("mayabench.mayastor.ioEngineCpus");
        settings.put("mayabench.mayastor.ioEngineCores", "2,5");
        assertThat(of(run(), "io-engine-cpu")).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("core(s) [5]").contains("cores 0..3");
        });
    }

    @Test
    void aStorageNodeWithoutNvmeTcpIsAnErrorAndWithoutFactsItIsNotChecked() {
        HostFacts prepared = facts;
        facts = name -> prepared.node(name).map(n -> new HostFacts.Node(name, Optional.of(Set.of("nvme_fabrics")),
                n.disks(), n.rootDisk()));

        assertThat(of(run(), "nvme-tcp")).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.fix()).contains("linux-modules-extra");
        });

        facts = HostFacts.none();
        assertThat(of(run(), "nvme-tcp")).extracting(Finding::severity).containsOnly(Severity.NOT_CHECKED);
    }

    @Test
    void nodeFactsFromTheWorkspaceSayWhetherNvmeTcpIsLoaded() throws Exception {
        Path dirOfFacts = Files.createDirectories(dir.resolve("facts"));
        Files.writeString(dirOfFacts.resolve("storage-1.json"), """
                {"host": "storage-1", "kernel": "6.8.0-1015-aws", "os": "Ubuntu 22.04", "cpus": 4,
                 "cpu_model": "x", "memory_mib": 16000, "hugepages_total": 1024, "hugepages_free": 1024,
                 "hugepage_size_kib": 2048, "modules": ["nvme_fabrics"],
                 "nvme_devices": [{"name": "nvme1n1", "size": 1, "model": "Amazon EC2 NVMe Instance Storage"}],
                 "nvme_device": null}
                """);
        facts = HostFacts.fromWorkspace(dirOfFacts);

        List<Finding> nvmeTcp = of(run(), "nvme-tcp");

        assertThat(nvmeTcp).filteredOn(f -> f.subject().equals("storage-1")).extracting(Finding::severity)
                .containsExactly(Severity.ERROR);
        assertThat(nvmeTcp).filteredOn(f -> f.subject().equals("storage-2")).extracting(Finding::severity)
                .containsExactly(Severity.NOT_CHECKED);
    }

    @Test
    void aBareDeviceNameIsAWarningNamingTheChartSwitchAndAByIdLinkIsFine() {
        state = state.withNodes(List.of(node("storage-1", NodeRole.STORAGE, "/dev/nvme1n1"),
                node("storage-2", NodeRole.STORAGE, "/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS2")));

        List<Finding> links = of(run(), "pool-disk-link");

        assertThat(links).filteredOn(f -> f.subject().startsWith("storage-1")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("agents.core.allowNonPersistentDevlink");
        });
        assertThat(links).filteredOn(f -> f.subject().startsWith("storage-2")).extracting(Finding::severity)
                .containsExactly(Severity.OK);
    }

    @Test
    void theAwsInstanceStoreDiskIsFoundByItsModelAndANodeWithoutOneIsAnError() {
        state = state.withNodes(List.of(node("storage-1", NodeRole.STORAGE, "instance-store"),
                node("storage-2", NodeRole.STORAGE, "instance-store")));
        HostFacts withStore = facts;
        facts = name -> withStore.node(name).map(n -> name.equals("storage-2")
                ? new HostFacts.Node(name, n.modules(), Optional.of(List.of(disk("/dev/nvme0n1",
                        "nvme-Amazon_Elastic_Block_Store_vol0", "Amazon Elastic Block Store", true))), n.rootDisk())
                : n);

        List<Finding> disks = of(run(), "pool-disk");

        assertThat(disks).filteredOn(f -> f.subject().startsWith("storage-1")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.OK);
            assertThat(f.message()).contains("/dev/nvme1n1 (Amazon EC2 NVMe Instance Storage)");
        });
        assertThat(disks).filteredOn(f -> f.subject().startsWith("storage-2")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("no instance-store disk").contains("Amazon Elastic Block Store");
        });
        assertThat(of(run(), "pool-disk-link")).as("instance-store is named by its by-id link").isEmpty();
    }

    @Test
    void aPoolDiskTheNodeDoesNotHaveIsAnErrorListingTheDisksItHas() {
        settings.put("mayabench.mayastor.poolDisk", "storage-1=/dev/nvme7n1,storage-2=/dev/nvme1n1");

        assertThat(of(run(), "pool-disk")).filteredOn(f -> f.subject().startsWith("storage-1")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.message()).contains("no such disk").contains("/dev/nvme1n1 (Amazon EC2 NVMe Instance Storage)");
                });
    }

    @Test
    void theRootDiskOrAnEbsVolumeOfAnAwsNodeIsAnError() {
        settings.put("mayabench.mayastor.poolDisk", "storage-1=/dev/nvme0n1,storage-2=/dev/nvme1n1");

        Preflight.Report report = run();

        assertThat(of(report, "pool-disk")).filteredOn(f -> f.subject().startsWith("storage-1")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.message()).contains("root disk");
                });
        assertThat(of(report, "pool-disk")).filteredOn(f -> f.subject().startsWith("storage-2"))
                .extracting(Finding::severity).containsExactly(Severity.OK);

        HostFacts withRoot = facts;
        facts = name -> withRoot.node(name).map(n -> new HostFacts.Node(name, n.modules(), n.disks(), Optional.empty()));
        assertThat(of(run(), "pool-disk")).filteredOn(f -> f.subject().startsWith("storage-1")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("EBS volume"));
    }

    @Test
    void aMountedPoolDiskIsAnError() {
        HostFacts unmounted = facts;
        facts = name -> unmounted.node(name).map(n -> new HostFacts.Node(name, n.modules(), Optional.of(
                List.of(disk("/dev/nvme1n1", "nvme-Amazon_EC2_NVMe_Instance_Storage_AWS" + name.charAt(name.length() - 1),
                        "Amazon EC2 NVMe Instance Storage", true))), n.rootDisk()));

        assertThat(of(run(), "pool-disk-mount")).extracting(Finding::severity).containsOnly(Severity.ERROR);
    }

    @Test
    void anUnpublishedChartVersionIsAnErrorAndWithoutAnIndexItIsNotChecked() {
        chartVersions = Optional.of(version -> {
            throw new IllegalArgumentException("chart mayastor " + version + " is not in the index; it offers 2.11.0");
        });

        assertThat(of(run(), "chart-version")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("it offers 2.11.0");
        });

        chartVersions = Optional.empty();
        assertThat(of(run(), "chart-version")).extracting(Finding::severity).containsExactly(Severity.NOT_CHECKED);
    }

    @Test
    void aRunningMayastorIsCheckedAgainstItsOwnIoEngineRequests() {
        client.apps().daemonSets().inNamespace("mayastor").resource(new DaemonSetBuilder().withNewMetadata()
                .withName("mayastor-io-engine").withNamespace("mayastor").addToLabels("app", "io-engine")
                .addToLabels("openebs.io/version", "2.9.1").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("io-engine").withImage("docker.io/openebs/mayastor-io-engine:v2.9.1")
                .withNewResources().addToRequests("cpu", new Quantity("3")).addToRequests("hugepages-2Mi",
                        new Quantity("4Gi")).endResources().endContainer().endSpec().endTemplate().endSpec().build())
                .create();

        Preflight.Report report = run();

        assertThat(of(report, "chart-version")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("Mayastor 2.9.1 already runs"));
        assertThat(of(report, "hugepages")).extracting(Finding::severity).containsOnly(Severity.ERROR);
        assertThat(of(report, "hugepages").get(0).message()).contains("4096Mi");
    }

    @Test
    void aGivenStorageClassSkipsTheMayastorChecks() {
        settings.put("mayabench.storageClass", "standard");

        Preflight.Report report = run();

        assertThat(report.findings()).extracting(Finding::check).containsExactly("kubernetes", "mayastor");
    }
}
