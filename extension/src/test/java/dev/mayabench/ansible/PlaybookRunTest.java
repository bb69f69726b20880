package dev.mayabench.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fixtures.ssh.OpenSshServer;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mayabench's playbooks run by the real {@code ansible-playbook} against real OpenSSH servers on loopback: a
 * bastion on 127.0.0.31 and a storage node on 127.0.0.32 that Ansible reaches only with {@code ProxyJump}
 * through the bastion, using the generated inventory, {@code ssh_config} and pinned {@code known_hosts}.
 */
class PlaybookRunTest {

    private static final String USER = System.getProperty("user.name");
    private static final Ansible ANSIBLE = new Ansible();

    @TempDir
    Path dir;
    private Workspace workspace;
    private OpenSshServer bastionServer;
    private OpenSshServer nodeServer;
    private Path playbooks;
    private Path inventory;
    private final List<String> streamed = new ArrayList<>();

    @BeforeAll
    static void prerequisites() {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd is not installed (apt-get install openssh-server)");
        // the plays become root with sudo unless they log in as root; the loopback servers log in the test's user
        assumeTrue(USER.equals("root"), "the playbooks are run against loopback sshd as root only (CI runs as "
                + "root); as " + USER + " they would need sudo without a password");
    }

    @BeforeEach
    void startCluster() throws IOException {
        workspace = Workspace.open(dir.resolve("demo"));
        Path key = OpenSshServer.keygen(workspace.file("id_ed25519"), "mayabench-test");
        String publicKey = Files.readString(Path.of(key + ".pub"));
        bastionServer = OpenSshServer.start("127.0.0.31", dir).authorize(publicKey);
        nodeServer = OpenSshServer.start("127.0.0.32", dir).authorize(publicKey);
        Files.write(workspace.file("known_hosts"), List.of(bastionServer.knownHostsLine(),
                nodeServer.knownHostsLine()));
        List<ClusterNode> nodes = List.of(
                new ClusterNode("master-1", Set.of(NodeRole.MASTER, NodeRole.BASTION), "127.0.0.31",
                        Optional.of("127.0.0.31"), bastionServer.port(), USER, Optional.empty()),
                new ClusterNode("storage-1", Set.of(NodeRole.STORAGE, NodeRole.WORKER), "127.0.0.32",
                        Optional.empty(), nodeServer.port(), USER, Optional.of("/dev/nvme1n1")));
        inventory = Inventory.of(nodes, Installer.K3S).write(workspace);
        playbooks = Playbooks.extract(workspace);
    }

    @AfterEach
    void stopCluster() {
        bastionServer.close();
        nodeServer.close();
    }

    private Playbook playbook(String name) {
        return Playbook.of(playbooks.resolve(name), inventory)
                .withVars(Map.of("mayabench_workspace", workspace.directory().toString()));
    }

    @Test
    void everyPlaybookPassesAnsiblesSyntaxCheck() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(playbooks)) {
            files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("prepare-nodes.yml", "k3s.yml",
                "kubespray.yml", "kubeadm.yml", "microk8s.yml", "node-facts.yml", "fetch-admin-conf.yml");
        for (Path file : files) {
            ANSIBLE.syntaxCheck(Playbook.of(file, inventory), workspace.logFile("syntax-" + file.getFileName()));
        }
    }

    @Test
    void prepareNodesInCheckModeReachesTheEndThroughTheBastionWithNoFailedTask() throws IOException {
        PlaybookResult result = ANSIBLE.run(playbook(Playbooks.PREPARE_NODES).inCheckMode(),
                workspace.logFile("prepare-nodes"), streamed::add);

        PlayRecap.HostRecap node = result.recap().hosts().get("storage-1");
        assertThat(node.failed()).isZero();
        assertThat(node.unreachable()).isZero();
        assertThat(node.ok()).isGreaterThan(5);
        assertThat(result.recap().hosts()).doesNotContainKey("master-1");
        // the preflight checks ran, they were not skipped in check mode
        assertThat(taskOutcome("Preflight | kernel is at least 5.13")).isEqualTo("ok: [storage-1]");
        assertThat(taskOutcome("Preflight | the CPU supports SSE4.2")).isEqualTo("ok: [storage-1]");
        assertThat(taskOutcome("Preflight | enough memory for 1024 hugepages")).isEqualTo("ok: [storage-1]");
        assertThat(streamed).as("output is streamed line by line").anyMatch(l -> l.startsWith("PLAY RECAP"))
                .anyMatch(l -> l.startsWith("storage-1 ") && l.contains("failed=0"));
        assertThat(Files.readString(workspace.logFile("prepare-nodes"))).contains("--check");
        // Ansible's ssh went to the node through the bastion, with the pinned keys
        assertThat(Files.readString(bastionServer.log())).contains("Accepted publickey for " + USER);
        assertThat(Files.readString(nodeServer.log())).contains("Accepted publickey for " + USER);
    }

    /** The first result line after a task's header. */
    private String taskOutcome(String task) {
        int header = -1;
        for (int i = 0; i < streamed.size(); i++) {
            if (streamed.get(i).startsWith("TASK [" + task + "]")) {
                header = i;
            }
        }
        assertThat(header).as("task '" + task + "' ran").isNotNegative();
        return streamed.subList(header + 1, streamed.size()).stream()
                .filter(l -> l.matches("^(ok|changed|skipping|fatal|failed): .*"))
                .findFirst().orElseThrow().replaceFirst(" => .*", "");
    }

    @Test
    void aFailedPreflightNamesTheHostTheTaskAndWhy() {
        Playbook tooMany = playbook(Playbooks.PREPARE_NODES).inCheckMode()
                .withVars(Map.of("mayabench_hugepages", 100_000_000));

        assertThatThrownBy(() -> ANSIBLE.run(tooMany, workspace.logFile("prepare-nodes"), streamed::add))
                .isInstanceOfSatisfying(PlaybookFailedException.class, e -> {
                    assertThat(e.failures()).singleElement().satisfies(f -> {
                        assertThat(f.host()).isEqualTo("storage-1");
                        assertThat(f.task()).isEqualTo("Preflight | enough memory for 100000000 hugepages");
                        assertThat(f.reason()).contains("storage-1 has", "MiB of RAM",
                                "Lower the hugepages setting");
                        assertThat(f.unreachable()).isFalse();
                    });
                    assertThat(e.result().recap().hosts().get("storage-1").failed()).isEqualTo(1);
                })
                .hasMessageContaining("full output: " + workspace.logFile("prepare-nodes"));
    }

    /**
     * The kernel-module tasks of prepare-nodes.yml run for real (only they: {@code --tags kernel-modules}), with
     * module names no kernel has, so nothing on this machine is loaded or changed.
     */
    private PlaybookResult loadModules(List<String> required, List<String> optional) {
        return ANSIBLE.run(playbook(Playbooks.PREPARE_NODES)
                        .withVars(Map.of("required_modules", required, "optional_modules", optional)),
                List.of("--tags", "kernel-modules"), workspace.logFile("modules"), streamed::add);
    }

    @Test
    void aModuleMayastorDoesNotNeedNeverFailsTheRun() {
        PlaybookResult result = loadModules(List.of(), List.of("mayabench-absent-optional"));

        assertThat(result.recap().hosts().get("storage-1").failed()).isZero();
        assertThat(taskOutcome("Check that Mayastor's kernel modules are loaded")).isEqualTo("ok: [storage-1]");
    }

    @Test
    void aRequiredModuleTheKernelCannotLoadFailsNamingItAndTheFix() {
        String kernel = System.getProperty("os.version");

        assertThatThrownBy(() -> loadModules(List.of("mayabench-absent-required"),
                List.of("mayabench-absent-optional")))
                .isInstanceOfSatisfying(PlaybookFailedException.class, e ->
                        assertThat(e.failures()).singleElement().satisfies(f -> {
                            assertThat(f.host()).isEqualTo("storage-1");
                            assertThat(f.task()).isEqualTo("Check that Mayastor's kernel modules are loaded");
                            assertThat(f.reason()).contains("cannot load mayabench-absent-required,")
                                    .doesNotContain("mayabench-absent-optional")
                                    .contains("linux-modules-extra-" + kernel, "CONFIG_NVME_TCP");
                        }));
    }

    @Test
    void prepareNodesRequiresExactlyNvmeTcpAndNvmeFabrics() throws IOException {
        // openebs/mayastor-docs quickstart/prerequisites.md names nvme-tcp; nvme-fabrics is what it is built on
        String playbook = Files.readString(playbooks.resolve(Playbooks.PREPARE_NODES));
        assertThat(playbook).contains("    required_modules: [nvme-tcp, nvme-fabrics]\n")
                .contains("    optional_modules: [nvmet, vfio-pci]\n");
    }

    @Test
    void aNodeWhoseHostKeyChangedIsUnreachableAndTheReasonSaysSo() throws IOException {
        try (OpenSshServer impostor = OpenSshServer.start("127.0.0.34", dir)) {
            Files.write(workspace.file("known_hosts"), List.of(bastionServer.knownHostsLine(),
                    "[127.0.0.32]:" + nodeServer.port() + " " + impostor.hostKeyLine()));

            assertThatThrownBy(() -> ANSIBLE.run(playbook(Playbooks.NODE_FACTS), workspace.logFile("facts"),
                    streamed::add))
                    .isInstanceOfSatisfying(PlaybookFailedException.class, e ->
                            assertThat(e.failures()).singleElement().satisfies(f -> {
                                assertThat(f.host()).isEqualTo("storage-1");
                                assertThat(f.unreachable()).isTrue();
                                assertThat(f.reason()).contains("Host key verification failed");
                            }));
        }
        assertThat(Files.readString(nodeServer.log())).doesNotContain("Accepted publickey");
    }

    @Test
    void nodeFactsAreWrittenForEveryStorageNodeAndASecondRunChangesNothing() throws Exception {
        PlaybookResult first = ANSIBLE.run(playbook(Playbooks.NODE_FACTS), workspace.logFile("facts"),
                streamed::add);

        JsonNode facts = new ObjectMapper().readTree(workspace.file("facts/storage-1.json").toFile());
        String kernel = new String(new ProcessBuilder("uname", "-r").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim();
        assertThat(facts.path("kernel").asText()).isEqualTo(kernel);
        assertThat(facts.path("nvme_device").asText()).isEqualTo("/dev/nvme1n1");
        assertThat(facts.path("memory_mib").asInt()).isPositive();
        assertThat(facts.has("hugepages_total")).isTrue();
        assertThat(first.recap().hosts().get("storage-1").failed()).isZero();

        PlaybookResult second = ANSIBLE.run(playbook(Playbooks.NODE_FACTS), workspace.logFile("facts"),
                line -> { });
        assertThat(second.recap().changed()).as("node-facts.yml is idempotent").isFalse();
    }

    /** The installer's node-name reports from a check-mode run of only its {@code node-name} tasks. */
    private List<NodeNameReport> nodeNames(Installer installer) {
        List<ClusterNode> nodes = List.of(
                new ClusterNode("master-1", Set.of(NodeRole.MASTER, NodeRole.BASTION), "127.0.0.31",
                        Optional.of("127.0.0.31"), bastionServer.port(), USER, Optional.empty()),
                new ClusterNode("storage-1", Set.of(NodeRole.STORAGE, NodeRole.WORKER), "127.0.0.32",
                        Optional.empty(), nodeServer.port(), USER, Optional.of("/dev/nvme1n1")));
        Path installerInventory = Inventory.of(nodes, installer).write(workspace);
        List<String> lines = new ArrayList<>();
        ANSIBLE.run(Playbook.of(playbooks.resolve(installer.playbook()), installerInventory)
                        .withVars(Map.of("mayabench_workspace", workspace.directory().toString())).inCheckMode(),
                List.of("--tags", NodeNameReport.TAG), workspace.logFile("node-names-" + installer), lines::add);
        return NodeNameReport.parse(lines);
    }

    @Test
    void k3sRegistersEveryNodeUnderItsInventoryName() {
        assertThat(nodeNames(Installer.K3S)).extracting(NodeNameReport::host, NodeNameReport::nodeName)
                .containsExactlyInAnyOrder(tuple("master-1", "master-1"), tuple("storage-1", "storage-1"));
        assertThat(nodeNames(Installer.K3S)).allSatisfy(r ->
                assertThat(r.arguments()).contains("INSTALL_K3S_EXEC=").contains("--node-name=" + r.host()));
    }

    @Test
    void kubeadmInitAndJoinGetTheInventoryNameAsNodeName() {
        List<NodeNameReport> reports = nodeNames(Installer.KUBEADM);

        assertThat(reports).extracting(NodeNameReport::host, NodeNameReport::nodeName)
                .containsExactly(tuple("master-1", "master-1"), tuple("storage-1", "storage-1"));
        assertThat(reports.get(0).arguments()).startsWith("kubeadm init --node-name=master-1 ");
        assertThat(reports.get(1).arguments()).startsWith("kubeadm join ").contains("--node-name=storage-1")
                .doesNotContain("--control-plane");
    }

    @Test
    void microk8sNodesAreNamedByTheirHostnameSetToTheInventoryName() throws IOException {
        List<NodeNameReport> reports = nodeNames(Installer.MICROK8S);

        // one play over both hosts: ansible reports them in the order they finish, which varies
        assertThat(reports).extracting(NodeNameReport::host, NodeNameReport::nodeName)
                .containsExactlyInAnyOrder(tuple("master-1", "master-1"), tuple("storage-1", "storage-1"));
        String log = Files.readString(workspace.logFile("node-names-microk8s"));
        // check mode: the hostname and /etc/hosts would change; the cluster agent needs both names resolvable
        assertThat(log).contains("TASK [Name the host after its inventory name, which the kubelet registers]")
                .containsPattern("changed: \\[storage-1]")
                .contains("TASK [Let every node resolve the others' names to their addresses]");
    }

    @Test
    void theInstallTasksPassWhatTheNodeNameReportShows() throws IOException {
        // the reports print the same variables the install commands use, never a copy of them
        String k3s = Files.readString(playbooks.resolve("k3s.yml"));
        assertThat(k3s.lines().map(String::strip).filter(l -> l.startsWith("INSTALL_K3S_EXEC:")).toList())
                .containsExactly("INSTALL_K3S_EXEC: \"{{ k3s_exec_first_server }}\"",
                        "INSTALL_K3S_EXEC: \"{{ k3s_exec_joining_server }}\"",
                        "INSTALL_K3S_EXEC: \"{{ k3s_exec_agent }}\"");
        assertThat(Files.readString(playbooks.resolve("kubeadm.yml"))).contains("kubeadm init\n")
                .contains("          {{ kubeadm_init_flags }}\n        creates: /etc/kubernetes/admin.conf");
        assertThat(Files.readString(playbooks.resolve("tasks/kubeadm-join.yml")))
                .contains("{{ join_command.stdout | trim }}\n      {{ join_flags }}");
    }

    @Test
    void aProjectsAnsibleCfgCannotSwitchOffTheHostKeyPinning() throws IOException {
        // the [ssh_connection] of kubespray v2.27.0's ansible.cfg, whose UserKnownHostsFile=/dev/null would
        // otherwise beat the workspace's known_hosts on ssh's command line
        Path project = Files.createDirectories(dir.resolve("kubespray"));
        Files.writeString(project.resolve("ansible.cfg"), """
                [ssh_connection]
                pipelining=True
                ssh_args = -o ControlMaster=auto -o ControlPersist=30m -o ConnectionAttempts=100 -o UserKnownHostsFile=/dev/null
                [defaults]
                host_key_checking=False
                """);
        Files.writeString(project.resolve("ping.yml"), """
                - hosts: storage-1
                  gather_facts: false
                  tasks:
                    - ansible.builtin.ping:
                """);

        PlaybookResult result = ANSIBLE.inProject(project).run(Playbook.of(project.resolve("ping.yml"), inventory),
                workspace.logFile("ping"), streamed::add);

        assertThat(result.recap().hosts().get("storage-1").ok()).isEqualTo(1);
        assertThat(Files.readString(nodeServer.log())).contains("Accepted publickey for " + USER);
    }

    @Test
    void nodeFactsRecordEachNvmeDisksModelAndSerialSoTheInstanceStoreIsFoundWhateverItsName() throws Exception {
        // a Nitro instance of the fake EC2 endpoint whose EBS root came first: the instance store is nvme1n1 here
        List<dev.mayabench.fixtures.ec2.NvmeLayout.Disk> disks = null;
        for (int i = 0; disks == null || disks.get(0).instanceStore(); i++) {
            disks = dev.mayabench.fixtures.ec2.NvmeLayout.forInstance("i-0facts" + i, "m5d.large");
        }
        Path sysBlock = dir.resolve("sys/block");
        dev.mayabench.fixtures.ec2.NvmeLayout.writeSysfs(disks, sysBlock);

        ANSIBLE.run(playbook(Playbooks.NODE_FACTS).withVars(Map.of("mayabench_sysfs_block", sysBlock.toString())),
                workspace.logFile("facts"), streamed::add);

        NodeFacts facts = NodeFacts.read(workspace.file("facts"), "storage-1").orElseThrow();
        assertThat(facts.nvmeDevices()).extracting(NodeFacts.NvmeDevice::name, NodeFacts.NvmeDevice::model,
                NodeFacts.NvmeDevice::serial, NodeFacts.NvmeDevice::size)
                .containsExactly(disks.stream().map(d -> org.assertj.core.groups.Tuple.tuple(d.name(), d.model(),
                        d.serial(), d.sizeBytes())).toArray(org.assertj.core.groups.Tuple[]::new));
        assertThat(facts.instanceStore()).get().extracting(NodeFacts.NvmeDevice::name).isEqualTo("nvme1n1");
        assertThat(facts.instanceStore().orElseThrow().byIdLink()).contains(
                "/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_" + disks.get(1).serial());
    }

    @Test
    void aMissingAnsibleIsReportedWithHowToInstallIt() {
        assertThatThrownBy(() -> new Ansible(dir.resolve("no-ansible-here")).version())
                .isInstanceOf(AnsibleNotInstalledException.class)
                .hasMessageContaining("no-ansible-here/ansible-playbook")
                .hasMessageContaining("apt-get install -y ansible-core")
                .hasMessageContaining(Ansible.HOME_SETTING);
    }
}
