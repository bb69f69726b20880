package dev.mayabench.provision.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.ansible.Ansible;
import dev.mayabench.ansible.Installer;
import dev.mayabench.ansible.NodeStages;
import dev.mayabench.fixtures.ec2.FakeEc2;
import dev.mayabench.fixtures.ec2.NvmeLayout;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.ssh.OpenSshServer;
import dev.mayabench.provision.MachinesBehindSshd;
import dev.mayabench.provision.MachinesBehindSshd.ApiRelay;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aws provider's machines with a real OpenSSH sshd behind each: the fake EC2 endpoint starts, per launched
 * instance, an sshd on its own loopback address (an unprivileged port) with the host key cloud-init would install from the
 * instance's user data, and reports that address as the instance's public and private one. The production node
 * stages ({@link NodeStages}, as {@code mayabench prepare --check} runs them) follow: the tunnel logs in to the
 * bastion with the key and the {@code known_hosts} the provision stage wrote before the machines booted, reaches
 * every node, and forwards the control-plane node's Kubernetes API port (6443, relayed there to the Mayastor
 * simulator's API server); {@code admin.conf} then points at the forwarded port. prepare-nodes runs in check
 * mode, and node-facts.yml reads each storage node's NVMe disks from a fake sysfs of its own instance
 * ({@code host_vars/<node>.yml: mayabench_sysfs_block}), where the instance store is found by model.
 * <p>
 * Two things differ from a real run, both applied to the provider's output after provisioning: the SSH port and
 * the login user. The provider connects to port 22, which only root may bind; the nodes get their sshd's port, and
 * the provider's pinned {@code known_hosts} lines are indexed as ssh and sshj look up another port
 * ({@code [address]:port}), with the same keys. The login user: The aws provider logs in as {@code ubuntu} (the Ubuntu
 * image's user); this machine has no such account and a test must not create one, so after provisioning the
 * nodes in {@code state.json} and the inventory (written again by the provider's own {@code Inventory}) name the
 * user running the test. The host keys, the client key and the addresses are the provider's own.
 */
class AwsTunnelThroughSshdTest {

    static final Timings FAST = new Timings(Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(30));
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;
    FakeEc2 cloud;
    MayastorSimulator cluster;
    final Map<String, OpenSshServer> machines = new ConcurrentHashMap<>();
    /** Node name (from the Name tag) to instance id. */
    final Map<String, String> instanceIds = new ConcurrentHashMap<>();
    final AtomicInteger nextAddress = new AtomicInteger(120);
    volatile ApiRelay relay;
    /** False plays an image that ignores the user data's host key and generates its own. */
    volatile boolean cloudInitAppliesHostKey = true;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(OpenSshServer.available(), "OpenSSH's sshd is not installed");
        System.setProperty("aws.accessKeyId", "AKIAFAKEFAKEFAKE0003");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzTUNNELzz");
        cloud = FakeEc2.start("eu-west-1").bootDelay(Duration.ofMillis(100)).terminateDelay(Duration.ofMillis(100))
                .machines(this::sshdFor);
        cluster = MayastorSimulator.builder().workDirectory(dir.resolve("cluster")).start();
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (relay != null) {
            relay.close();
        }
        machines.values().forEach(OpenSshServer::close);
        if (cluster != null) {
            cluster.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    /**
     * The machine behind one instance, as cloud-init would set it up from the user data: the host key from
     * {@code ssh_keys}, the key pair's public key authorized for login; sshd on a free port of its own address.
     */
    private String sshdFor(FakeEc2.Launch launch) {
        String address = "127.0.0." + nextAddress.getAndIncrement();
        try {
            assertThat(launch.userData()).startsWith("#cloud-config\n");
            JsonNode keys = YAML.readTree(launch.userData()).path("ssh_keys");
            String privateKey = keys.path("ed25519_private").asText();
            String publicKey = keys.path("ed25519_public").asText();
            if (!cloudInitAppliesHostKey) {
                // the image generated its own host key, as without cloud-init's ssh_keys
                Path own = OpenSshServer.keygen(Files.createDirectories(dir.resolve("own-keys")).resolve(address),
                        "own " + address);
                privateKey = Files.readString(own);
                publicKey = Files.readString(Path.of(own + ".pub"));
            }
            // an unprivileged port (no root needed); the provider's port 22 is mapped to it after provisioning
            OpenSshServer sshd = OpenSshServer.startWithHostKey(address, 0, dir.resolve("machines"), privateKey,
                    publicKey);
            sshd.authorize(launch.authorizedKey());
            machines.put(launch.instanceId(), sshd);
            instanceIds.put(launch.tags().get("Name").replaceFirst("^tunnel-", ""), launch.instanceId());
            if (launch.tags().getOrDefault("mayabench:role", "").contains("master")) {
                // the control-plane machine's API port, where kube-apiserver would listen: the simulator's API
                relay = ApiRelay.toSimulator(address, cluster);
            }
            return address;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theTunnelLogsInWithThePinnedHostKeysAndForwardsTheApiPortAndPrepareNodesFindsTheInstanceStoreByModel()
            throws Exception {
        Workspace ws = Workspace.open(dir.resolve("tunnel"));
        Pipeline machines = machines(ws);
        String user = System.getProperty("user.name");
        try (NodeStages nodeStages = new NodeStages(Installer.K3S, 1024, new Ansible(), true)) {
            machines.setUp();

            assertThat(this.machines).hasSize(4);
            assertThat(ws.state().orElseThrow().nodes()).allSatisfy(n -> {
                assertThat(n.sshPort()).isEqualTo(22);
                assertThat(n.sshUser()).isEqualTo("ubuntu");
            });
            assertThat(Files.readAllLines(ws.file("known_hosts"))).hasSize(4)
                    .allMatch(l -> l.matches("127\\.0\\.0\\.\\d+,127\\.0\\.0\\.\\d+ ssh-ed25519 AAAA\\S+"));
            loginUserOfThisMachine(ws, user);
            // what the kubernetes stage (skipped: its installers need the internet) leaves: the cluster's admin.conf
            cluster.kubeconfig(ws.file("admin.conf"));
            Pipeline.Builder nodes = Pipeline.builder(ws);
            nodeStages.contributeWithoutKubernetes(nodes, "its installers download from the internet");
            nodes.build().setUp();

            Map<String, NvmeLayout.Disk> instanceStores = new java.util.HashMap<>();
            for (String storage : List.of("storage-1", "storage-2")) {
                instanceStores.put(storage, cloud.nvmeDisks(instanceIds.get(storage)).stream()
                        .filter(NvmeLayout.Disk::instanceStore).findFirst().orElseThrow());
            }
            MachinesBehindSshd.assertNodeStagesReachedEveryNode(ws, this.machines.values(), user, cluster, relay,
                    instanceStores);
        } finally {
            machines.tearDown();
        }
        assertThat(cloud.liveResources()).isEmpty();
    }

    @Test
    void aMachineWhoseHostKeyIsNotThePinnedOneIsRefusedBeforeAnythingIsSentToIt() throws Exception {
        cloudInitAppliesHostKey = false;
        Workspace ws = Workspace.open(dir.resolve("tunnel"));
        Pipeline machines = machines(ws);
        String user = System.getProperty("user.name");
        try (NodeStages nodeStages = new NodeStages(Installer.K3S, 1024, new Ansible(), true)) {
            machines.setUp();
            loginUserOfThisMachine(ws, user);
            Pipeline.Builder nodes = Pipeline.builder(ws);
            nodeStages.contributeWithoutKubernetes(nodes, "its installers download from the internet");

            ClusterNode bastionNode = ws.state().orElseThrow().nodes(NodeRole.BASTION).get(0);
            String bastion = "[" + bastionNode.reachableAddress() + "]:" + bastionNode.sshPort();
            assertThatThrownBy(() -> nodes.build().setUp()).isInstanceOf(StageFailedException.class)
                    .hasCauseInstanceOf(dev.mayabench.ssh.HostKeyRefusedException.class)
                    .hasMessageContaining("tunnel: failed").hasMessageContaining("refused the SSH host key of "
                            + bastion + ": expected SHA256:");
            assertThat(this.machines.values()).allSatisfy(sshd -> assertThat(Files.readString(sshd.log()))
                    .as("no login on " + sshd).doesNotContain("Accepted publickey"));
            assertThat(ws.file("facts/storage-1.json")).doesNotExist();
        } finally {
            machines.tearDown();
        }
        assertThat(cloud.liveResources()).isEmpty();
    }

    /** The aws provider's provision and teardown stages for a cluster of 1 master, 1 worker, 2 storage nodes. */
    private Pipeline machines(Workspace ws) {
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of(
                "mayabench.name", "tunnel",
                "mayabench.provider", "aws",
                "mayabench.region", "eu-west-1",
                "mayabench.storageNodes", "2",
                "mayabench.instance", "i3.xlarge",
                "mayabench.aws.endpoint", cloud.endpoint().toString(),
                "mayabench.aws.sshCidr", "198.51.100.7/32"), Map.of()));
        ws.writeState(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()));
        AwsProvisioner aws = new AwsProvisioner(spec, ws, FAST, false, () -> "192.0.2.1/32");
        return Pipeline.builder(ws).stage(aws.new ProvisionStage()).stage(aws.new TeardownStage()).build();
    }

    /**
     * The one change to the provider's output: its nodes log in as {@code ubuntu}, the Ubuntu image's user, which
     * this machine lacks (a test must not add accounts); the machines here log in the user running the test. The
     * inventory is written again for them exactly as the provider writes it, and each storage node's
     * {@code host_vars} point node-facts.yml at the fake sysfs of its instance's NVMe disks.
     */
    private void loginUserOfThisMachine(Workspace ws, String user) throws IOException {
        Map<String, Integer> ports = new java.util.HashMap<>();
        machines.forEach((id, sshd) -> ports.put(sshd.address(), sshd.port()));
        MachinesBehindSshd.loginUserOfThisMachine(ws, ports, user);
        MachinesBehindSshd.poolDisksInSysfs(ws, dir.resolve("sysfs"),
                node -> cloud.nvmeDisks(instanceIds.get(node)));
    }
}
