package dev.mayabench.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders inventories and reads them back with the real {@code ansible-inventory}, so the groups are checked
 * as Ansible sees them, against the groups each installer documents.
 */
class InventoryTest {

    private static final Ansible ANSIBLE = new Ansible();

    @TempDir
    Path directory;
    private Workspace workspace;

    @BeforeEach
    void openWorkspace() {
        workspace = Workspace.open(directory.resolve("demo"));
    }

    static ClusterNode master(int i, boolean bastion) {
        Set<NodeRole> roles = bastion ? Set.of(NodeRole.MASTER, NodeRole.BASTION) : Set.of(NodeRole.MASTER);
        return new ClusterNode("master-" + i, roles, "10.42.0.1" + i,
                bastion ? Optional.of("203.0.113.10") : Optional.empty(), 22, "ubuntu", Optional.empty());
    }

    static ClusterNode storage(int i) {
        return new ClusterNode("storage-" + i, Set.of(NodeRole.STORAGE, NodeRole.WORKER), "10.42.0.2" + i,
                Optional.empty(), 22, "ubuntu", Optional.of("/dev/nvme1n1"));
    }

    static List<ClusterNode> cluster(int masters, int storageNodes) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 1; i <= masters; i++) {
            nodes.add(master(i, i == 1));
        }
        for (int i = 1; i <= storageNodes; i++) {
            nodes.add(storage(i));
        }
        return nodes;
    }

    private InventoryFile writeAndRead(List<ClusterNode> nodes, Installer installer) {
        return InventoryFile.read(ANSIBLE, Inventory.of(nodes, installer).write(workspace));
    }

    @Test
    void k3sInventoryHasServersAndAgentsUnderK3sCluster() {
        InventoryFile read = writeAndRead(cluster(1, 3), Installer.K3S);

        assertThat(read.members("server")).containsExactly("master-1");
        assertThat(read.members("agent")).containsExactly("storage-1", "storage-2", "storage-3");
        assertThat(read.children().get("k3s_cluster")).containsExactly("server", "agent");
        assertThat(read.members("k3s_cluster")).hasSize(4);
    }

    @Test
    void kubesprayInventoryHasItsDocumentedGroupsWithAnOddEtcd() {
        InventoryFile read = writeAndRead(cluster(2, 3), Installer.KUBESPRAY);

        assertThat(read.members("kube_control_plane")).containsExactly("master-1", "master-2");
        assertThat(read.members("etcd")).as("etcd keeps an odd member count").containsExactly("master-1");
        assertThat(read.members("kube_node")).containsExactly("storage-1", "storage-2", "storage-3");
        assertThat(read.groups()).contains("calico_rr");
        assertThat(read.members("calico_rr")).isEmpty();
        assertThat(read.children().get("k8s_cluster")).containsExactly("kube_control_plane", "kube_node",
                "calico_rr");
        assertThat(writeAndRead(cluster(3, 1), Installer.KUBESPRAY).members("etcd")).hasSize(3);
    }

    @Test
    void kubeadmAndMicrok8sInventoriesHaveTheirGroups() {
        InventoryFile kubeadm = writeAndRead(cluster(1, 2), Installer.KUBEADM);
        assertThat(kubeadm.members("kube_control_plane")).containsExactly("master-1");
        assertThat(kubeadm.members("kube_node")).containsExactly("storage-1", "storage-2");
        assertThat(kubeadm.members("k8s_cluster")).hasSize(3);

        InventoryFile microk8s = writeAndRead(cluster(1, 2), Installer.MICROK8S);
        assertThat(microk8s.members("microk8s_HA")).containsExactly("master-1");
        assertThat(microk8s.members("microk8s_WORKERS")).containsExactly("storage-1", "storage-2");
    }

    @Test
    void aSingleMasterClusterMakesItsMasterAKubernetesNodeWhereTheInstallerNeedsOne() {
        List<ClusterNode> one = List.of(new ClusterNode("solo", Set.of(NodeRole.MASTER, NodeRole.STORAGE,
                NodeRole.WORKER), "10.42.0.5", Optional.of("198.51.100.5"), 22, "ubuntu", Optional.of("/dev/nvme0n1")));

        InventoryFile read = writeAndRead(one, Installer.KUBESPRAY);

        assertThat(read.members("kube_node")).containsExactly("solo");
        assertThat(read.members(Inventory.STORAGE_GROUP)).containsExactly("solo");
    }

    @Test
    void everyInventoryHasMayastorStorageWithTheNvmeDeviceAndMayastorClients() {
        for (Installer installer : Installer.values()) {
            InventoryFile read = writeAndRead(cluster(1, 3), installer);

            assertThat(read.members(Inventory.STORAGE_GROUP)).as(installer.id())
                    .containsExactly("storage-1", "storage-2", "storage-3");
            assertThat(read.members(Inventory.CLIENT_GROUP)).as(installer.id())
                    .containsExactly("storage-1", "storage-2", "storage-3");
            assertThat(read.hostVars().get("storage-2")).containsEntry("nvme_device", "/dev/nvme1n1")
                    .containsEntry("node_ip", "10.42.0.22");
            assertThat(read.hostVars().get("master-1")).doesNotContainKey("nvme_device");
        }
    }

    @Test
    void nodesBehindTheBastionAreReachedWithProxyJumpAndPinnedHostKeys() throws IOException {
        InventoryFile read = writeAndRead(cluster(1, 2), Installer.K3S);
        String config = workspace.file(SshClientConfig.FILE).toString();

        assertThat(read.hostVars().get("master-1")).containsEntry("ansible_host", "203.0.113.10")
                .containsEntry("ansible_ssh_common_args", "-F \"" + config + "\"");
        assertThat(read.hostVars().get("storage-1")).containsEntry("ansible_host", "10.42.0.21")
                .containsEntry("ansible_user", "ubuntu").containsEntry("ansible_port", "22")
                .containsEntry("ansible_ssh_common_args",
                        "-F \"" + config + "\" -o ProxyJump=ubuntu@203.0.113.10:22");
        assertThat(read.members(Inventory.BASTION_GROUP)).containsExactly("master-1");

        String sshConfig = Files.readString(workspace.file(SshClientConfig.FILE));
        assertThat(sshConfig).contains("StrictHostKeyChecking yes",
                "UserKnownHostsFile \"" + workspace.file("known_hosts") + "\"",
                "IdentityFile \"" + workspace.file("id_ed25519") + "\"", "IdentitiesOnly yes",
                "GlobalKnownHostsFile /dev/null")
                .doesNotContain("StrictHostKeyChecking no", "accept-new");
    }

    @Test
    void nodesReadBackFromARenderedInventoryAreTheNodesItWasRenderedFrom() {
        List<ClusterNode> nodes = cluster(1, 3);
        InventoryFile read = writeAndRead(nodes, Installer.K3S);

        read.check(Installer.K3S);
        assertThat(read.nodes(Installer.K3S)).containsExactlyInAnyOrderElementsOf(nodes);
    }

    @Test
    void aUserInventoryMissingWhatTheStagesNeedIsRefusedWithEveryProblemAndItsFix() throws IOException {
        Path ini = directory.resolve("mine.ini");
        Files.writeString(ini, """
                [server]
                cp ansible_host=192.0.2.1

                [agent]
                n1 ansible_host=192.0.2.2
                n2 ansible_host=storage.example.invalid

                [mayastor_storge]
                n1

                [mayastor_clients]
                n1
                n2
                """);
        InventoryFile read = InventoryFile.read(ANSIBLE, ini);

        assertThatThrownBy(() -> read.check(Installer.K3S, address -> !address.endsWith(".invalid")))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining(ini.toAbsolutePath().toString())
                .hasMessageContaining("k3s installer")
                .hasMessageContaining("no group 'mayastor_storage'")
                .hasMessageContaining("is 'mayastor_storge' meant to be it? Rename it to 'mayastor_storage'")
                .hasMessageContaining("host 'n2' has address 'storage.example.invalid', which does not resolve")
                .satisfies(e -> assertThat(((InventoryException) e).problems()).hasSize(2));
    }

    @Test
    void storageHostsWithoutAnNvmeDeviceAndAnEmptyControlPlaneAreRefused() throws IOException {
        Path ini = directory.resolve("mine.ini");
        Files.writeString(ini, """
                [kube_control_plane]

                [kube_node]
                n1 ansible_host=192.0.2.2

                [k8s_cluster:children]
                kube_control_plane
                kube_node

                [mayastor_storage]
                n1

                [mayastor_clients]
                n1
                """);

        assertThatThrownBy(() -> InventoryFile.read(ANSIBLE, ini).check(Installer.KUBEADM, a -> true))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining("group 'kube_control_plane' has no host")
                .hasMessageContaining("storage host 'n1' has no nvme_device; add nvme_device=/dev/nvme1n1");
    }

    @Test
    void anInventoryAnsibleCannotReadIsReportedWithAnsiblesReason() throws IOException {
        Path missing = directory.resolve("nowhere.ini");
        assertThatThrownBy(() -> InventoryFile.read(ANSIBLE, missing))
                .isInstanceOf(AnsibleException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("do not skip the provision stage");
    }
}
