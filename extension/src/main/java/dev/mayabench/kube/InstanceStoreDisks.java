package dev.mayabench.kube;

import dev.mayabench.ansible.NodeFacts;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a storage node's pool disk "its EC2 instance store" ({@link NodeFacts#INSTANCE_STORE}, what the aws
 * provider records) into the disk's {@code /dev/disk/by-id/} link, found by model and serial in the node facts
 * that the prepare-nodes stage recorded. Never by NVMe index: on Nitro instances {@code /dev/nvme1n1} may be the
 * root EBS volume (AWS EC2 User Guide, "Amazon EBS volumes and NVMe"), and Mayastor's core agent refuses bare
 * device names anyway ({@link DevicePath}). A node without such a disk stops the deploy stage, naming the disks it
 * has.
 *
 * <pre>{@code
 * InstanceStoreDisks.resolve(workspace, context::log);
 * // storage-1: instance-store -> /dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS22A4C4B2D3B6E2A1F
 * }</pre>
 */
final class InstanceStoreDisks {

    private InstanceStoreDisks() {
    }

    /**
     * Rewrites the recorded nodes' {@code instance-store} disks to their by-id links; refuses when one is not
     * found. Nodes the user named a disk for ({@code mayastor.poolDisk=node=disk}) are left alone: that disk wins.
     */
    static void resolve(Workspace workspace, java.util.Set<String> named, Consumer<String> log) {
        Optional<WorkspaceState> state = workspace.state();
        List<ClusterNode> nodes = state.map(WorkspaceState::nodes).orElse(List.of());
        if (nodes.stream().noneMatch(n -> wantsInstanceStore(n) && !named.contains(n.name()))) {
            return;
        }
        Path facts = workspace.file("facts");
        List<ClusterNode> resolved = new ArrayList<>();
        for (ClusterNode node : nodes) {
            if (!wantsInstanceStore(node) || named.contains(node.name())) {
                resolved.add(node);
                continue;
            }
            NodeFacts found = NodeFacts.read(facts, node.name()).orElseThrow(() -> new KubeException("storage node "
                    + node.name() + " keeps its Mayastor pool on its EC2 instance-store disk, which is found by its "
                    + "model in the node's facts, but " + facts.resolve(node.name() + ".json") + " does not exist: "
                    + "run the prepare-nodes stage (it records them with node-facts.yml), or name the disk with "
                    + "mayastor.poolDisk=" + node.name() + "=/dev/disk/by-id/..."));
            NodeFacts.NvmeDevice disk = found.instanceStore().orElseThrow(() -> new KubeException("storage node "
                    + node.name() + " has no NVMe disk of model '" + NodeFacts.INSTANCE_STORE_MODEL + "' with a "
                    + "serial, so there is no instance-store disk for its Mayastor pool; NVMe disks seen there: "
                    + (found.nvmeDevices().isEmpty() ? "none"
                    : found.nvmeDevices().stream().map(NodeFacts.NvmeDevice::describe).toList())
                    + ". Choose an instance type with NVMe instance storage (i3, i3en, i4i, m5d, c5d, r5d, ...), or "
                    + "name the disk with mayastor.poolDisk=" + node.name() + "=/dev/disk/by-id/..."));
            String link = disk.byIdLink().orElseThrow();
            log.accept("storage node " + node.name() + ": instance-store disk " + disk.describe() + " serial "
                    + disk.serial() + " -> pool disk " + link);
            resolved.add(new ClusterNode(node.name(), node.roles(), node.privateAddress(), node.publicAddress(),
                    node.sshPort(), node.sshUser(), Optional.of(link)));
        }
        workspace.updateState(s -> s.withNodes(resolved));
    }

    private static boolean wantsInstanceStore(ClusterNode node) {
        return node.has(NodeRole.STORAGE) && node.nvmeDevice().filter(NodeFacts.INSTANCE_STORE::equals).isPresent();
    }
}
