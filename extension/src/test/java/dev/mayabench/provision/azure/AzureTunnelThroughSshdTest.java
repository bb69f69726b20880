package dev.mayabench.provision.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mayabench.ansible.Ansible;
import dev.mayabench.ansible.Installer;
import dev.mayabench.ansible.NodeStages;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.fixtures.azure.FakeArm;
import dev.mayabench.fixtures.ec2.NvmeLayout;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.ssh.OpenSshServer;
import dev.mayabench.provision.MachinesBehindSshd;
import dev.mayabench.provision.MachinesBehindSshd.ApiRelay;
import dev.mayabench.provision.aws.Timings;
import dev.mayabench.ssh.HostKeyRefusedException;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The azure provider's VMs with a real OpenSSH sshd behind each, as {@code AwsTunnelThroughSshdTest} does it for aws:
 * the fake ARM endpoint puts one loopback sshd behind every VM it creates ({@link FakeArm#machines}); the sshd's
 * address becomes the VM's NIC's private IP (and the bastion's public IP), and the serial log shows the host key that
 * sshd really presents, which is where the provider pins it from. Unlike on aws, the host keys are the machine's own:
 * nothing about them is in the customData, so the only way to the right {@code known_hosts} is the serial log. The
 * production node stages follow: the tunnel logs in to the bastion and through it to every node, forwards the
 * control-plane node's API port, and prepare-nodes (check mode) finds each storage node's local NVMe disk by model.
 * <p>
 * The sshds are started before the provider runs, each with a host key of its own: the fake calls its machine hook
 * under its lock, where starting a process would hold up every other ARM call. The two changes to the provider's
 * output are aws's ({@link MachinesBehindSshd#loginUserOfThisMachine}): the sshd's port instead of 22, the user
 * running the test instead of the image's {@code mayabench}.
 */
class AzureTunnelThroughSshdTest {

    static final Timings FAST = new Timings(Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(60));
    /** 1 master (the bastion), 1 worker, 2 storage nodes. */
    static final int MACHINES = 4;
    /**
     * The local NVMe disk of a Standard_L8s_v3: one 1.92 TB disk (MicrosoftDocs/azure-compute-docs
     * articles/virtual-machines/sizes/storage-optimized/lsv3-series.md), model "Microsoft NVMe Direct Disk" (see
     * {@code NodeFacts.AZURE_LOCAL_NVME_MODELS}: as lsblk reports it in public captures, UNVERIFIED beyond that). The
     * OS disk of an L-series v3 VM is attached over SCSI, so it is not an NVMe device.
     */
    static final long L8S_V3_NVME_BYTES = 1_920_383_410_176L;
    static final String AZURE_LOCAL_NVME_MODEL = "Microsoft NVMe Direct Disk";

    @TempDir
    Path dir;
    FakeArm fake;
    MayastorSimulator cluster;
    final ConcurrentLinkedQueue<OpenSshServer> unused = new ConcurrentLinkedQueue<>();
    final List<OpenSshServer> started = new ArrayList<>();
    /** VM name to the sshd behind it. */
    final Map<String, OpenSshServer> machines = new ConcurrentHashMap<>();
    /** VM name to the host key its serial log shows instead of its sshd's: a machine replaced, or intercepted. */
    final Map<String, String> serialLogLies = new ConcurrentHashMap<>();
    volatile ApiRelay relay;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(OpenSshServer.available(), "OpenSSH's sshd is not installed");
        for (int i = 0; i < MACHINES; i++) {
            OpenSshServer sshd = OpenSshServer.start("127.0.42." + (10 + i), dir.resolve("machines"));
            started.add(sshd);
            unused.add(sshd);
        }
        fake = FakeArm.start().machines(this::machineFor);
        cluster = MayastorSimulator.builder().workDirectory(dir.resolve("cluster")).start();
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        started.forEach(OpenSshServer::close);
        if (cluster != null) {
            cluster.close();
        }
        if (fake != null) {
            assertThat(fake.unservedRequests()).isEmpty();
            fake.close();
        }
    }

    /**
     * The machine behind one VM, as cloud-init would set it up from the VM's model: the admin user's SSH key (and
     * the one in customData, the same) authorized for login; the host key is the sshd's own, printed to the serial
     * log.
     */
    private FakeArm.Machine machineFor(FakeArm.Launch vm) {
        OpenSshServer sshd = unused.remove();
        assertThat(vm.authorizedKeys()).isNotEmpty();
        for (String key : vm.authorizedKeys()) {
            assertThat(vm.customData()).contains(key);
            sshd.authorize(key);
        }
        machines.put(vm.name(), sshd);
        if (vm.tags().getOrDefault("mayabench:role", "").contains("master")) {
            relay = ApiRelay.toSimulator(sshd.address(), cluster);
        }
        return new FakeArm.Machine(sshd.address(), List.of(serialLogLies.getOrDefault(vm.name(),
                sshd.hostKeyLine())));
    }

    @Test
    void theTunnelReachesEveryVmWithTheHostKeysItsSerialLogPrintedAndPrepareNodesFindsTheLocalNvmeByModel()
            throws Exception {
        Workspace ws = Workspace.open(dir.resolve("tunnel"));
        Pipeline vms = vms(ws);
        String user = System.getProperty("user.name");
        try (NodeStages nodeStages = new NodeStages(Installer.K3S, 1024, new Ansible(), true)) {
            vms.setUp();

            assertThat(machines).containsOnlyKeys("master-1", "worker-1", "storage-1", "storage-2");
            List<ClusterNode> provisioned = ws.state().orElseThrow().nodes();
            assertThat(provisioned).allSatisfy(n -> {
                assertThat(n.privateAddress()).as("the NIC's private IP of " + n.name())
                        .isEqualTo(machines.get(n.name()).address());
                assertThat(n.sshPort()).isEqualTo(22);
                assertThat(n.sshUser()).isEqualTo(ArmProvisioning.LOGIN_USER);
            });
            // what the provider pinned: each VM's key as its serial log printed it, under the addresses the
            // tunnel uses (the bastion's public IP, every node's private IP), and nothing else
            String group = ws.state().orElseThrow().attributes().get(AzureProvisioner.GROUP);
            List<String> expected = new ArrayList<>();
            for (ClusterNode n : provisioned) {
                String pinned = String.join(" ", List.of(machines.get(n.name()).hostKeyLine().split(" ")).subList(0, 2));
                assertThat(fake.hostKeys(group, n.name())).as("the serial log of " + n.name())
                        .containsExactly(machines.get(n.name()).hostKeyLine());
                expected.add(n.publicAddress().map(p -> p + ",").orElse("") + n.privateAddress() + " " + pinned);
            }
            assertThat(Files.readAllLines(ws.file("known_hosts"))).containsExactlyInAnyOrderElementsOf(expected);

            loginUserOfThisMachine(ws, user);
            // what the kubernetes stage (skipped: its installers need the internet) leaves: the cluster's admin.conf
            cluster.kubeconfig(ws.file("admin.conf"));
            Pipeline.Builder nodes = Pipeline.builder(ws);
            nodeStages.contributeWithoutKubernetes(nodes, "its installers download from the internet");
            nodes.build().setUp();

            Map<String, NvmeLayout.Disk> localNvme = new HashMap<>();
            for (String storage : List.of("storage-1", "storage-2")) {
                localNvme.put(storage, localNvmeOf(storage).get(0));
            }
            MachinesBehindSshd.assertNodeStagesReachedEveryNode(ws, machines.values(), user, cluster, relay,
                    localNvme);
            // on Azure only the bastion has a public address: every other node was reached through it
            assertThat(Files.readString(ws.logFile("tunnel"))).contains("reached worker-1 as " + user
                    + " through master-1", "reached storage-1 as " + user + " through master-1",
                    "reached storage-2 as " + user + " through master-1");
        } finally {
            vms.tearDown();
        }
        assertThat(fake.liveResources()).isEmpty();
    }

    @Test
    void aNodeWhoseSshdPresentsAnotherKeyThanItsSerialLogPrintedIsRefusedNamingBothFingerprints() throws Exception {
        // storage-2's serial log shows a key its sshd does not have: the machine answering is not the one that booted
        Path other = OpenSshServer.keygen(Files.createDirectories(dir.resolve("other")).resolve("key"), "other");
        serialLogLies.put("storage-2", Files.readString(Path.of(other + ".pub")).trim());
        Workspace ws = Workspace.open(dir.resolve("tunnel"));
        Pipeline vms = vms(ws);
        String user = System.getProperty("user.name");
        try (NodeStages nodeStages = new NodeStages(Installer.K3S, 1024, new Ansible(), true)) {
            vms.setUp();
            loginUserOfThisMachine(ws, user);
            Pipeline.Builder nodes = Pipeline.builder(ws);
            nodeStages.contributeWithoutKubernetes(nodes, "its installers download from the internet");

            OpenSshServer storage2 = machines.get("storage-2");
            String host = "[" + storage2.address() + "]:" + storage2.port();
            String pinned = fingerprint(serialLogLies.get("storage-2"));
            String offered = fingerprint(storage2.hostKeyLine());
            assertThat(pinned).isNotEqualTo(offered);
            assertThatThrownBy(() -> nodes.build().setUp()).isInstanceOf(StageFailedException.class)
                    .hasCauseInstanceOf(HostKeyRefusedException.class)
                    .hasMessageContaining("tunnel: failed")
                    .hasMessageContaining("refused the SSH host key of " + host + ": expected " + pinned)
                    .hasMessageContaining("but it offered " + offered);
            // the tunnel says which node it was reaching when the key was refused
            assertThat(Files.readString(ws.logFile("tunnel")))
                    .contains("waiting for SSH on storage-2 (" + storage2.address() + ")")
                    .doesNotContain("reached storage-2");
            assertThat(Files.readString(storage2.log())).as("no login on storage-2")
                    .doesNotContain("Accepted publickey");
            assertThat(ws.file("facts/storage-1.json")).doesNotExist();
        } finally {
            vms.tearDown();
        }
        assertThat(fake.liveResources()).isEmpty();
    }

    /** The azure provider's provision and teardown stages for 1 master, 1 worker, 2 storage nodes of L8s_v3. */
    private Pipeline vms(Workspace ws) {
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of(
                "mayabench.name", "tunnel",
                "mayabench.provider", "azure",
                "mayabench.region", "eastus",
                "mayabench.storageNodes", "2",
                "mayabench.instance", "Standard_L8s_v3",
                "mayabench.azure.sshCidr", "198.51.100.7/32"), Map.of()));
        ws.writeState(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()));
        ArmClients arm = FakeArmClients.of(fake);
        AzureProvisioner azure = new AzureProvisioner(spec, ws, FAST, false, () -> "192.0.2.1/32", () -> arm);
        return Pipeline.builder(ws).stage(azure.new ProvisionStage()).stage(azure.new TeardownStage()).build();
    }

    private void loginUserOfThisMachine(Workspace ws, String user) throws IOException {
        Map<String, Integer> ports = new HashMap<>();
        machines.values().forEach(sshd -> ports.put(sshd.address(), sshd.port()));
        MachinesBehindSshd.loginUserOfThisMachine(ws, ports, user);
        MachinesBehindSshd.poolDisksInSysfs(ws, dir.resolve("sysfs"), this::localNvmeOf);
    }

    /** What the kernel of a storage VM lists as NVMe: its one local disk, serial made from the VM's address. */
    private List<NvmeLayout.Disk> localNvmeOf(String vm) {
        return List.of(new NvmeLayout.Disk("nvme0n1", L8S_V3_NVME_BYTES, AZURE_LOCAL_NVME_MODEL,
                "local" + machines.get(vm).address().replace('.', '-')));
    }

    /** {@code SHA256:...} of a public-key line, as ssh-keygen -l (and the refusal) prints it. */
    private static String fingerprint(String publicKeyLine) throws Exception {
        byte[] blob = java.util.Base64.getDecoder().decode(publicKeyLine.split(" ")[1]);
        return "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(blob));
    }
}
