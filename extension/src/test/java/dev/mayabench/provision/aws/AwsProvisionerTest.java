package dev.mayabench.provision.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mayabench.ansible.Ansible;
import dev.mayabench.ansible.Installer;
import dev.mayabench.ansible.NodeFacts;
import dev.mayabench.ansible.Inventory;
import dev.mayabench.ansible.InventoryFile;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fixtures.ec2.FakeEc2;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aws provider's provision and teardown stages against the in-process fake EC2 endpoint. */
class AwsProvisionerTest {

    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRETzz";
    static final Timings FAST = new Timings(Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(30));

    @TempDir
    Path dir;
    FakeEc2 fake;

    @BeforeAll
    static void credentials() {
        // the SDK's default chain reads these; the secret is checked to appear nowhere the run writes
        System.setProperty("aws.accessKeyId", "AKIAFAKEFAKEFAKE0001");
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void start() {
        fake = FakeEc2.start("eu-west-1").bootDelay(Duration.ofMillis(200)).terminateDelay(Duration.ofMillis(200));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    ClusterSpec spec(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "mayabench.name", "demo",
                "mayabench.provider", "aws",
                "mayabench.region", "eu-west-1",
                "mayabench.storageNodes", "3",
                "mayabench.instance", "i3.xlarge",
                "mayabench.aws.endpoint", fake.endpoint().toString(),
                "mayabench.aws.sshCidr", "198.51.100.7/32"));
        properties.putAll(extra);
        return ClusterSpec.load(null, ConfigSources.of(properties, Map.of()));
    }

    Workspace workspace(ClusterSpec spec) {
        Workspace ws = Workspace.open(dir.resolve(spec.name()));
        ws.writeState(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()));
        return ws;
    }

    /** The machines only, as 'mayabench up' and 'down' make and delete them: no node reachable over SSH here. */
    Pipeline pipeline(ClusterSpec spec, Workspace ws) {
        return machinesOnly(new AwsProvisioner(spec, ws, FAST, false, () -> "192.0.2.1/32"), ws).build();
    }

    static Pipeline.Builder machinesOnly(AwsProvisioner aws, Workspace ws) {
        return Pipeline.builder(ws).stage(aws.new ProvisionStage()).stage(aws.new TeardownStage());
    }

    @Test
    void aFullCreateThenTeardownLeavesNothingInTheCloud() throws IOException {
        ClusterSpec spec = spec(Map.of());
        Workspace ws = workspace(spec);
        Pipeline pipeline = pipeline(spec, ws);

        pipeline.setUp();

        List<FakeEc2.LiveResource> live = fake.liveResources();
        assertThat(live).extracting(FakeEc2.LiveResource::kind).containsExactlyInAnyOrder("vpc", "subnet",
                "internet-gateway", "route-table", "security-group", "key-pair",
                "instance", "instance", "instance", "instance", "instance");
        assertThat(live).allSatisfy(r -> assertThat(r.tags())
                .containsEntry("mayabench:cluster", "demo")
                .containsKeys("mayabench:run", "mayabench:expires", "mayabench:owner", "mayabench:created"));
        WorkspaceState state = ws.state().orElseThrow();
        assertThat(state.nodes()).extracting(ClusterNode::name)
                .containsExactly("master-1", "worker-1", "storage-1", "storage-2", "storage-3");
        assertThat(state.nodes(NodeRole.BASTION)).singleElement()
                .satisfies(n -> assertThat(n.publicAddress()).get().asString().startsWith("203.0.113."));
        assertThat(state.nodes(NodeRole.STORAGE)).allSatisfy(n ->
                assertThat(n.nvmeDevice()).as("found by model in the node facts, never by NVMe index")
                        .contains(NodeFacts.INSTANCE_STORE));
        assertThat(state.resources()).hasSize(11);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.file("id_ed25519"))))
                .isEqualTo("rw-------");
        List<String> knownHosts = Files.readAllLines(ws.file("known_hosts"));
        assertThat(knownHosts).hasSize(5).allMatch(l -> l.matches("203\\.0\\.113\\.\\d+,10\\.42\\.\\d+\\.\\d+ "
                + "ssh-ed25519 AAAA\\S+"));

        pipeline.tearDown();

        assertThat(fake.liveResources()).isEmpty();
        assertThat(ws.state().orElseThrow().resources()).isEmpty();
        assertThat(ws.state().orElseThrow().nodes()).isEmpty();
    }

    @Test
    void theInventoryPutsTheNodesInTheInstallersGroupsWithTheirNvmeDevices() {
        ClusterSpec spec = spec(Map.of("mayabench.kubernetes", "kubespray"));
        Workspace ws = workspace(spec);
        Pipeline pipeline = pipeline(spec, ws);
        pipeline.setUp();

        InventoryFile inventory = InventoryFile.read(new Ansible(), ws.file(Inventory.FILE));
        inventory.check(Installer.KUBESPRAY);
        assertThat(inventory.members("kube_control_plane")).containsExactly("master-1");
        assertThat(inventory.members("etcd")).containsExactly("master-1");
        assertThat(inventory.members("kube_node")).containsExactly("worker-1", "storage-1", "storage-2",
                "storage-3");
        assertThat(inventory.members(Inventory.STORAGE_GROUP)).containsExactly("storage-1", "storage-2",
                "storage-3");
        assertThat(inventory.members(Inventory.CLIENT_GROUP)).containsExactly("worker-1");
        WorkspaceState state = ws.state().orElseThrow();
        for (ClusterNode node : state.nodes()) {
            assertThat(inventory.hostVars().get(node.name()))
                    .containsEntry("ansible_host", node.publicAddress().orElseThrow())
                    .containsEntry("node_ip", node.privateAddress())
                    .containsEntry("ansible_user", "ubuntu");
        }
        assertThat(inventory.hostVars().get("storage-2")).containsEntry("nvme_device", NodeFacts.INSTANCE_STORE);
        pipeline.tearDown();
    }

    @Test
    void eachInstanceBootsWithTheHostKeyItsKnownHostsLinePins() throws IOException {
        ClusterSpec spec = spec(Map.of("mayabench.storageNodes", "1", "mayabench.workerNodes", "0"));
        Workspace ws = workspace(spec);
        Pipeline pipeline = pipeline(spec, ws);
        pipeline.setUp();

        List<String> knownHosts = Files.readAllLines(ws.file("known_hosts"));
        List<FakeEc2.LiveResource> instances = fake.liveResources().stream()
                .filter(r -> r.kind().equals("instance")).toList();
        assertThat(instances).hasSize(2);
        for (FakeEc2.LiveResource instance : instances) {
            String userData = fake.userData(instance.id());
            String publicKey = userData.lines().filter(l -> l.contains("ed25519_public:")).findFirst().orElseThrow()
                    .replaceFirst(".*ed25519_public: ", "").trim();
            assertThat(knownHosts).anySatisfy(line -> assertThat(line).endsWith(" " + publicKey));
            assertThat(userData).contains("BEGIN OPENSSH PRIVATE KEY");
        }
        pipeline.tearDown();
    }

    @Test
    void provisioningSucceedsWhenEc2ThrottlesThirtyPercentOfCalls() {
        fake.throttle(0.3, 1234);
        ClusterSpec spec = spec(Map.of());
        Workspace ws = workspace(spec);
        Pipeline pipeline = pipeline(spec, ws);

        pipeline.setUp();
        pipeline.tearDown();

        assertThat(fake.throttledCalls()).isGreaterThan(5);
        assertThat(fake.liveResources()).isEmpty();
    }

    @Test
    void aCapacityFailureOnTheThirdNodeDeletesEverythingAndNamesTheTypeAndZone() {
        fake.insufficientCapacityOnRunInstances(3);
        ClusterSpec spec = spec(Map.of("mayabench.workerInstance", "m5.large", "mayabench.instance", "i3.xlarge",
                "mayabench.workerNodes", "0", "mayabench.masterNodes", "1"));
        Workspace ws = workspace(spec);

        Throwable failure = catchThrowable(() -> pipeline(spec, ws).setUp());

        assertThat(failure).isInstanceOf(StageFailedException.class)
                .hasRootCauseInstanceOf(software.amazon.awssdk.services.ec2.model.Ec2Exception.class);
        assertThat(failure.getCause()).isInstanceOf(ProvisioningException.class);
        assertThat(failure.getMessage()).contains("EC2 has no capacity for")
                .contains(" in eu-west-1a").contains("rolled back: every resource of the run was deleted");
        CapacityException capacity = findCause(failure, CapacityException.class);
        assertThat(capacity.zone()).isEqualTo("eu-west-1a");
        assertThat(List.of("m5.large", "i3.xlarge")).contains(capacity.instanceType());
        assertThat(fake.liveResources()).isEmpty();
        assertThat(ws.state().orElseThrow().resources()).isEmpty();
    }

    @Test
    void aVcpuQuotaTooLowSaysHowManyVcpusTheClusterNeedsAndLeavesNothing() {
        fake.vcpuLimit(8);
        ClusterSpec spec = spec(Map.of());
        Workspace ws = workspace(spec);

        Throwable failure = catchThrowable(() -> pipeline(spec, ws).setUp());

        assertThat(findCause(failure, QuotaException.class).getMessage())
                .contains("VcpuLimitExceeded").contains("needs 20 vCPUs").contains("Service Quotas");
        assertThat(fake.liveResources()).isEmpty();
    }

    @Test
    void badPlansAreRefusedBeforeAnythingIsCreated() {
        fake.notOffered("i3en.large", "eu-west-1a").notOffered("i3en.large", "eu-west-1b");
        // well-formed, so the configuration accepts it; only EC2 knows there is no such size
        ClusterSpec typo = spec(Map.of("mayabench.instance", "i3.3xlarge"));
        ClusterSpec notInZone = spec(Map.of("mayabench.instance", "i3en.large", "mayabench.aws.zone", "eu-west-1a"));

        Throwable unknown = catchThrowable(() -> pipeline(typo, workspace(typo)).setUp());
        Throwable zone = catchThrowable(() -> pipeline(notInZone, workspace(notInZone)).setUp());

        assertThat(findCause(unknown, ConfigurationException.class).getMessage())
                .contains("instance = 'i3.3xlarge'").contains("an instance type EC2 offers in eu-west-1")
                .containsPattern("did you mean 'i3\\.[0-9]*xlarge'\\?");
        assertThat(findCause(zone, ConfigurationException.class).getMessage())
                .contains("aws.zone").contains("eu-west-1a does not offer i3en.large").contains("use eu-west-1c");
        assertThat(fake.calls("CreateVpc")).isZero();
        assertThat(fake.liveResources()).isEmpty();
    }

    @Test
    void aStorageTypeWithoutLocalNvmeIsAWarningOrUnderStrictAnError() {
        ClusterSpec ebsOnly = spec(Map.of("mayabench.instance", "m5.xlarge", "mayabench.storageNodes", "1"));
        ClusterSpec strictSpec = spec(Map.of("mayabench.instance", "m5.xlarge", "mayabench.storageNodes", "1",
                "mayabench.strict", "true"));
        Workspace ws = workspace(ebsOnly);
        // the spec's own strict setting, as the factory and 'mayabench up --strict' pass it
        AwsProvisioner strict = new AwsProvisioner(strictSpec, ws, FAST);
        Pipeline.Builder builder = machinesOnly(strict, ws);

        Throwable failure = catchThrowable(() -> builder.build().setUp());
        assertThat(findCause(failure, ConfigurationException.class).getMessage())
                .contains("m5.xlarge has no instance-store NVMe disk");
        assertThat(fake.calls("CreateVpc")).isZero();

        Pipeline lenient = pipeline(ebsOnly, ws);
        lenient.setUp();
        assertThat(ws.logFile("provision")).content()
                .contains("warning: instance type m5.xlarge has no instance-store NVMe disk");
        lenient.tearDown();
        assertThat(fake.liveResources()).isEmpty();
    }

    @Test
    void noSecretAppearsInWhatTheRunWroteOrInItsErrors() throws IOException {
        fake.failRunInstances(4, "InstanceLimitExceeded");
        ClusterSpec spec = spec(Map.of());
        Workspace ws = workspace(spec);
        Throwable failure = catchThrowable(() -> pipeline(spec, ws).setUp());
        assertThat(failure).isNotNull();
        ClusterSpec second = spec(Map.of("mayabench.name", "demo2"));
        Workspace ws2 = workspace(second);
        Pipeline ok = pipeline(second, ws2);
        ok.setUp();
        String privateKey = Files.readString(ws2.file("id_ed25519"));
        String privateKeyBody = privateKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        ok.tearDown();

        StringBuilder written = new StringBuilder(failure.toString());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            written.append(t.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString()
                    .equals("id_ed25519")).toList()) {
                written.append(Files.readString(file));
            }
        }
        assertThat(written.toString())
                .doesNotContain(SECRET_KEY)
                .doesNotContain(privateKeyBody)
                .doesNotContain("PRIVATE KEY");
    }

    static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + failure);
    }
}
