package dev.mayabench.cli;

import dev.mayabench.provision.LocalClusters;
import dev.mayabench.provision.aws.AwsClusters;
import dev.mayabench.provision.azure.AzureClusters;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceLockedException;
import dev.mayabench.stage.WorkspaceState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mayabench down <cluster>}: deletes what a cluster's {@code state.json} lists. */
@Command(name = "down", description = "Delete a cluster: every cloud resource its workspace's state.json lists, "
        + "in dependency order.")
final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER", description = "the cluster's name")
    String cluster;

    @Mixin
    BuildDirectories buildDirectories = new BuildDirectories();

    @Option(names = "--workspace", description = "the workspace directory, when it is not in <build dir>/mayabench or "
            + "~/.mayabench/clusters")
    Path workspace;

    @Option(names = "--poll", hidden = true, description = "pause between looks at EC2 (tests)")
    Duration poll = Duration.ofSeconds(5);

    /** How an azure cluster's down reaches Resource Manager; tests put a fake here. */
    AzureClusters.Connector azure = AzureClusters.Connector.azure();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path directory = workspace;
        if (directory == null) {
            Workspaces places = buildDirectories.workspaces();
            List<Path> found = places.find(cluster);
            if (found.isEmpty()) {
                err.println("mayabench down: no workspace of cluster '" + cluster + "' in "
                        + places.roots() + "; give it with --workspace DIR, or find leftovers by tag with "
                        + "'mayabench reap --dry-run'");
                return 2;
            }
            if (found.size() > 1) {
                err.println("mayabench down: cluster '" + cluster + "' has workspaces in " + found
                        + "; choose one with --workspace DIR");
                return 2;
            }
            directory = found.get(0);
        } else if (!Files.isRegularFile(directory.resolve("state.json"))) {
            err.println("mayabench down: " + directory.toAbsolutePath() + " has no state.json");
            return 2;
        }
        Workspace ws = Workspace.open(directory);
        WorkspaceState state = ws.state().orElseThrow();
        if (!state.provider().equals("aws") && !state.provider().equals("local")
                && !state.provider().equals("azure")) {
            out.println("cluster '" + cluster + "' (provider " + state.provider() + ") has nothing mayabench "
                    + "created; delete " + ws.directory() + " yourself to forget it (it may hold your own "
                    + "inventory and keys)");
            return 0;
        }
        if (state.provider().equals("local")) {
            out.println("deleting cluster '" + cluster + "' (provider " + state.provider() + ", workspace "
                    + ws.directory() + ")");
            try {
                LocalClusters.down(ws, line -> {
                    out.println("  " + line);
                    out.flush();
                });
            } catch (WorkspaceLockedException e) {
                err.println("mayabench down: cluster '" + cluster + "' is in use, nothing deleted: " + e.getMessage());
                return 1;
            }
            out.println("cluster '" + cluster + "' is gone");
            return 0;
        }
        out.println("deleting cluster '" + cluster + "' (" + state.resources().size() + " resource(s), workspace "
                + ws.directory() + ")");
        java.util.function.Consumer<String> progress = line -> {
            out.println("  " + line);
            out.flush();
        };
        Map<String, String> remaining = state.provider().equals("azure") ? AzureClusters.down(ws, azure, progress)
                : AwsClusters.down(ws, poll, progress);
        if (remaining.isEmpty()) {
            out.println("cluster '" + cluster + "' is gone");
            return 0;
        }
        err.println("mayabench down: still there:");
        remaining.forEach((resource, why) -> err.println("  " + resource + ": " + why));
        err.println("they stay listed in " + ws.file("state.json") + "; run 'mayabench down " + cluster
                + "' again");
        return 1;
    }
}
