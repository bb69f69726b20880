package dev.mayabench.provision;

import dev.mayabench.fio.FioProcesses;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceLock;
import dev.mayabench.stage.WorkspaceLockedException;
import dev.mayabench.stage.WorkspaceState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Removes the recorded data directories and the workspace. It refuses at once while a run uses the workspace
     * or a data directory (it would delete data under a live fio), and ends fio processes a killed run left on the
     * data first.
     *
     * @throws WorkspaceLockedException when a live run holds the workspace or a data directory
     */
    public static void down(Workspace workspace, Consumer<String> log) {
        WorkspaceState state = workspace.state().orElseThrow(() -> new IllegalStateException(
                workspace.directory() + " has no state.json"));
        List<WorkspaceLock> locks = new ArrayList<>();
        try {
            locks.add(WorkspaceLock.acquire(workspace.file("lock"), Duration.ZERO, log));
            for (WorkspaceState.CreatedResource resource : state.resources()) {
                if (resource.kind().equals(LocalProvisioner.DATA_KIND)) {
                    Path data = Path.of(resource.id());
                    if (!data.startsWith(workspace.directory())) {
                        locks.add(WorkspaceLock.acquire(LocalProvisioner.dataLockFile(data), Duration.ZERO, log));
                    }
                    FioProcesses.endLeftovers(data).forEach(p -> log.accept("ended leftover fio " + p));
                    LocalProvisioner.removeData(workspace, resource, log);
                }
            }
            // The workspace's own lock file goes with it; a run that starts now creates a new workspace.
            LocalProvisioner.deleteTree(workspace.directory());
            log.accept("removed the workspace " + workspace.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the kept cluster in " + workspace.directory() + ": "
                    + e.getMessage(), e);
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).close();
            }
        }
    }
}
