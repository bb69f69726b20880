package dev.mayabench.provision;

import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Deleting a kept cluster of the local provider from its workspace: the fio data files its state lists (and
 * only those), then the workspace itself.
 *
 * <pre>{@code
 * LocalClusters.down(Workspace.open(Workspace.keptClustersRoot().resolve("ide")), System.out::println);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class LocalClusters {

    private LocalClusters() {
    }

    /** Removes the recorded data directories and the workspace. */
    public static void down(Workspace workspace, Consumer<String> log) {
        WorkspaceState state = workspace.state().orElseThrow(() -> new IllegalStateException(
                workspace.directory() + " has no state.json"));
        try {
            for (WorkspaceState.CreatedResource resource : state.resources()) {
                if (resource.kind().equals(LocalProvisioner.DATA_KIND)) {
                    LocalProvisioner.removeData(workspace, resource, log);
                }
            }
            LocalProvisioner.deleteTree(workspace.directory());
            log.accept("removed the workspace " + workspace.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the kept cluster in " + workspace.directory() + ": "
                    + e.getMessage(), e);
        }
    }
}
