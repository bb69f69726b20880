package dev.mayabench.ansible;

import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The node list and inventory the stages after provisioning work with, wherever they came from: machines the
 * provision stage made (listed in {@code state.json}; the inventory is rendered from them) or machines the user
 * brings in their own {@code inventory.ini} with the provision stage skipped (read with Ansible, checked, and
 * recorded in {@code state.json} so every later stage and a reused cluster see the same nodes).
 *
 * <pre>{@code
 * List<ClusterNode> nodes = ClusterInventory.nodes(workspace, Installer.K3S, new Ansible(), log::info);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class ClusterInventory {

    private ClusterInventory() {
    }

    /**
     * The cluster's nodes; reads and checks the user's {@code inventory.ini} when the state lists none yet.
     *
     * @throws InventoryException when the user's inventory lacks what the stages need
     */
    public static List<ClusterNode> nodes(Workspace workspace, Installer installer, Ansible ansible,
                                          Consumer<String> log) {
        WorkspaceState state = workspace.state().orElseThrow(() -> new IllegalStateException(
                "workspace " + workspace.directory() + " has no state.json"));
        if (!state.nodes().isEmpty()) {
            return state.nodes();
        }
        Path inventory = workspace.file(Inventory.FILE);
        if (!Files.exists(inventory)) {
            throw new AnsibleException("no machines to work on: the provision stage was skipped and "
                    + inventory + " does not exist. Put your inventory there (groups: "
                    + String.join(", ", installer.groups()) + ", " + Inventory.STORAGE_GROUP + " with nvme_device, "
                    + Inventory.CLIENT_GROUP + "), or do not skip provision");
        }
        InventoryFile file = InventoryFile.read(ansible, inventory);
        file.check(installer);
        List<ClusterNode> nodes = file.nodes(installer);
        workspace.updateState(s -> s.withNodes(nodes));
        log.accept("read " + nodes.size() + " node(s) from your " + inventory + ": "
                + nodes.stream().map(n -> n.name() + " " + n.roles()).toList());
        return nodes;
    }
}
