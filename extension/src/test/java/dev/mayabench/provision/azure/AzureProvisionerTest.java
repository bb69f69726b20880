package dev.mayabench.provision.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.resourcemanager.network.models.NetworkSecurityRule;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.fixtures.azure.FakeArm;
import dev.mayabench.provision.aws.ProvisioningException;
import dev.mayabench.provision.aws.Timings;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The azure provider's provision and teardown stages against the fake ARM endpoint. */
class AzureProvisionerTest {

    static final Timings FAST = new Timings(Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(60));
    static final String EXECUTOR = "192.0.2.1/32";
    /** Writes: what pre-flight must not do. Operation names are ARM's RBAC actions (FakeArm#throttle). */
    static final List<String> WRITES = List.of("Microsoft.Resources/subscriptions/resourceGroups/write",
            "Microsoft.Network/virtualNetworks/write", "Microsoft.Network/networkSecurityGroups/write",
            "Microsoft.Compute/virtualMachines/write");

    @TempDir
    Path dir;
    FakeArm fake;
    ArmClients arm;

    @BeforeEach
    void start() {
        fake = FakeArm.start();
        arm = FakeArmClients.of(fake);
    }

    @AfterEach
    void stop() {
        assertThat(fake.unservedRequests()).isEmpty();
        fake.close();
    }

    ClusterSpec spec(String... keyValues) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "mayabench.name", "demo",
                "mayabench.provider", "azure",
                "mayabench.region", "eastus",
                "mayabench.storageNodes", "3"));
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put("mayabench." + keyValues[i], keyValues[i + 1]);
        }
        return ClusterSpec.load(null, ConfigSources.of(properties, Map.of()));
    }

    Workspace workspace(ClusterSpec spec) {
        Workspace ws = Workspace.open(dir.resolve(spec.name()));
        ws.writeState(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()));
        return ws;
    }

    /** The machines only, as 'mayabench up' and 'down' make and delete them: no node reachable over SSH here. */
    Pipeline pipeline(ClusterSpec spec, Workspace ws) {
        AzureProvisioner azure = new AzureProvisioner(spec, ws, FAST, spec.strict(), () -> EXECUTOR, () -> arm);
        return Pipeline.builder(ws).stage(azure.new ProvisionStage()).stage(azure.new TeardownStage()).build();
    }

    String group(Workspace ws) {
        return ws.state().orElseThrow().attributes().get(AzureProvisioner.GROUP);
    }

    @Test
    void aFullCreateIsOneTaggedGroupWithABastionOnlyAddressAndTeardownLeavesNothing() throws IOException {
        ClusterSpec spec = spec();
        Workspace ws = workspace(spec);
        Pipeline pipeline = pipeline(spec, ws);

        pipeline.setUp();

        String group = group(ws);
        assertThat(group).startsWith("mb-demo-");
        List<FakeArm.LiveResource> live = fake.liveResources();
        assertThat(live).extracting(FakeArm.LiveResource::type).containsExactlyInAnyOrder(
                "Microsoft.Resources/resourceGroups", "Microsoft.Network/virtualNetworks",
                "Microsoft.Network/networkSecurityGroups", "Microsoft.Network/publicIPAddresses",
                "Microsoft.Network/networkInterfaces", "Microsoft.Network/networkInterfaces",
                "Microsoft.Network/networkInterfaces", "Microsoft.Network/networkInterfaces",
                "Microsoft.Network/networkInterfaces", "Microsoft.Compute/virtualMachines",
                "Microsoft.Compute/virtualMachines", "Microsoft.Compute/virtualMachines",
                "Microsoft.Compute/virtualMachines", "Microsoft.Compute/virtualMachines");
        assertThat(live).allSatisfy(r -> assertThat(r.id()).containsIgnoringCase("/resourceGroups/" + group));
        assertThat(live).allSatisfy(r -> assertThat(r.tags())
                .containsEntry("mayabench:cluster", "demo")
                .containsKeys("mayabench:run", "mayabench:expires", "mayabench:owner", "mayabench:created"));
        // SSH only from the executor, on 22 only
        List<NetworkSecurityRule> rules = List.copyOf(arm.network().networkSecurityGroups()
                .getByResourceGroup(group, "nsg").securityRules().values());
        assertThat(rules).singleElement().satisfies(r -> {
            assertThat(r.sourceAddressPrefix()).isEqualTo(EXECUTOR);
            assertThat(r.destinationPortRange()).isEqualTo("22");
        });
        // storage nodes on the L-series size, the others on the D-series default
        assertThat(List.of("storage-1", "storage-2", "storage-3")).allSatisfy(vm -> assertThat(arm.compute()
                .virtualMachines().getByResourceGroup(group, vm).size().toString()).isEqualTo("Standard_L8s_v3"));
        assertThat(arm.compute().virtualMachines().getByResourceGroup(group, "worker-1").size().toString())
                .isEqualTo("Standard_D4s_v5");
        WorkspaceState state = ws.state().orElseThrow();
        assertThat(state.nodes()).extracting(ClusterNode::name)
                .containsExactly("master-1", "worker-1", "storage-1", "storage-2", "storage-3");
        assertThat(state.nodes()).filteredOn(n -> n.publicAddress().isPresent()).extracting(ClusterNode::name)
                .containsExactly("master-1");
        assertThat(state.nodes(NodeRole.BASTION)).extracting(ClusterNode::name).containsExactly("master-1");
        assertThat(state.resources()).hasSize(14);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.file("id_ed25519"))))
                .isEqualTo("rw-------");
        // customData has the login key and no private key; known_hosts pins what each serial log printed
        String publicKey = Files.readString(ws.file("id_ed25519.pub")).trim();
        List<String> knownHosts = Files.readAllLines(ws.file("known_hosts"));
        for (ClusterNode node : state.nodes()) {
            assertThat(fake.customData(group, node.name())).contains(publicKey).doesNotContain("PRIVATE KEY");
            List<String> keys = fake.hostKeys(group, node.name());
            assertThat(keys).isNotEmpty();
            String hosts = node.publicAddress().map(p -> p + ",").orElse("") + node.privateAddress();
            assertThat(knownHosts).filteredOn(l -> l.startsWith(hosts + " "))
                    .extracting(l -> l.substring(hosts.length() + 1))
                    .containsExactlyInAnyOrderElementsOf(keys.stream()
                            .map(k -> k.split(" ")[0] + " " + k.split(" ")[1]).toList());
        }

        pipeline.tearDown();

        assertThat(fake.liveResources()).isEmpty();
        assertThat(ws.state().orElseThrow().resources()).isEmpty();
        assertThat(ws.state().orElseThrow().nodes()).isEmpty();
    }

    @Test
    void aVmThatFailsHalfwayRollsBackTheWholeGroupAndReportsTheCause() {
        fake.failVmCreate(2, "AllocationFailed", "Allocation failed. We do not have sufficient capacity");
        ClusterSpec spec = spec("storageNodes", "2", "workerNodes", "0");
        Workspace ws = workspace(spec);

        Throwable failure = catchThrowable(() -> pipeline(spec, ws).setUp());

        assertThat(failure).isInstanceOf(StageFailedException.class);
        assertThat(failure.getCause()).isInstanceOf(ProvisioningException.class);
        assertThat(failure.getCause().getMessage()).contains("AllocationFailed")
                .containsPattern("rolled back: everything deleted \\(resource group mb-demo-[0-9a-f]+-[0-9a-f]+\\)$");
        assertThat(fake.liveResources()).isEmpty();
        assertThat(ws.state().orElseThrow().resources()).isEmpty();
    }

    @Test
    void aThrottledVmCreateIsRetriedAfterRetryAfterAndSucceeds() {
        fake.throttle("Microsoft.Compute/virtualMachines/write", 2, 1);
        ClusterSpec spec = spec("storageNodes", "1", "workerNodes", "0");
        Workspace ws = workspace(spec);
        Pipeline pipeline = pipeline(spec, ws);

        pipeline.setUp();

        assertThat(fake.requestLog()).filteredOn(l -> l.startsWith("PUT ") && l.contains("virtualMachines")
                && l.endsWith("-> 429")).hasSize(2);
        assertThat(ws.state().orElseThrow().nodes()).hasSize(2);
        pipeline.tearDown();
        assertThat(fake.liveResources()).isEmpty();
    }

    @Test
    void aQuotaTooLowIsRefusedBeforeAnyWriteNamingFamilyNeedAndFix() {
        fake.vcpuQuota("standardLSv3Family", 16);
        ClusterSpec spec = spec();
        Workspace ws = workspace(spec);

        Throwable failure = catchThrowable(() -> pipeline(spec, ws).setUp());

        assertThat(failure.getCause()).isInstanceOf(AzureQuotaException.class);
        assertThat(failure.getCause().getMessage()).contains("standardLSv3Family: the plan needs 24 vCPUs, 16 "
                + "available").contains("Request a quota increase").contains("fewer nodes").contains("VM size");
        WRITES.forEach(op -> assertThat(fake.calls(op)).as(op).isZero());
        assertThat(fake.liveResources()).isEmpty();
    }

    @Test
    void aStorageSizeWithoutLocalNvmeIsRefusedUnderStrictBeforeAnyWrite() {
        ClusterSpec spec = spec("instance", "Standard_D4s_v5", "strict", "true");
        Workspace ws = workspace(spec);

        Throwable failure = catchThrowable(() -> pipeline(spec, ws).setUp());

        assertThat(failure.getCause()).isInstanceOf(ProvisioningException.class);
        assertThat(failure.getCause().getMessage()).contains("Standard_D4s_v5 has no local NVMe disk")
                .contains("Standard_L8s_v3");
        WRITES.forEach(op -> assertThat(fake.calls(op)).as(op).isZero());
    }

    @Test
    void aSizeRestrictedInTheRegionIsRefusedBeforeAnyWrite() {
        fake.sizeNotAvailable("Standard_L8s_v3");
        ClusterSpec spec = spec();
        Workspace ws = workspace(spec);

        Throwable failure = catchThrowable(() -> pipeline(spec, ws).setUp());

        assertThat(failure.getCause().getMessage()).contains("Standard_L8s_v3 cannot be used in eastus");
        WRITES.forEach(op -> assertThat(fake.calls(op)).as(op).isZero());
    }
}
