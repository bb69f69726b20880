package dev.mayabench.cli;

import dev.mayabench.ansible.Ansible;
import dev.mayabench.ansible.Installer;
import dev.mayabench.ansible.NodeStages;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.StageReport;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mayabench prepare}: the stages between machines and Mayastor (tunnel, Kubernetes, node preparation) on
 * the machines of a workspace: those {@code mayabench up} made, or those of the user's own
 * {@code inventory.ini}.
 */
@Command(name = "prepare", description = "Reach the cluster's nodes (through the bastion), install Kubernetes "
        + "and prepare the nodes for Mayastor: on the machines 'mayabench up' made, or on your own machines listed "
        + "in <workspace>/inventory.ini with id_ed25519 and known_hosts beside it. Installer and hugepages come "
        + "from the settings (mayabench.kubernetes, mayabench.hugepages).")
final class PrepareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BuildDirectories buildDirectories = new BuildDirectories();

    @Option(names = "--workspace", description = "workspace directory (default: <build dir>/mayabench/<name>)")
    Path workspace;

    @Option(names = "--check", description = "run node preparation in Ansible's check mode: say what would change "
            + "on each node, change nothing; Kubernetes is not installed then")
    boolean check;

    @Option(names = "--skip-kubernetes", description = "Kubernetes is already installed (admin.conf is in the "
            + "workspace)")
    boolean skipKubernetes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ClusterSpec settings = ClusterSpec.load(null, CommandSettings.current());
        Installer installer = Installer.of(settings.kubernetes()).orElseThrow();
        Workspace ws = Workspace.open(workspace != null ? workspace
                : buildDirectories.workspaces().newWorkspace(settings.name()));
        if (ws.state().isEmpty()) {
            if (!Files.exists(ws.file("inventory.ini"))) {
                spec.commandLine().getErr().println("mayabench prepare: " + ws.directory() + " has neither "
                        + "state.json (run 'mayabench up' first) nor your own inventory.ini");
                return 2;
            }
            ws.writeState(WorkspaceState.fresh(settings.name(), "existing", settings.identity()));
        }
        Set<StageName> skipped = EnumSet.of(StageName.PROVISION);
        if (skipKubernetes) {
            skipped.add(StageName.KUBERNETES);
        }
        try (NodeStages stages = new NodeStages(installer, settings.hugepages(), new Ansible(), check)) {
            Pipeline.Builder pipeline = Pipeline.builder(ws).skippedByUser(skipped);
            if (check) {
                stages.contributeWithoutKubernetes(pipeline, "--check: an installation cannot be rehearsed");
            } else {
                stages.contributeTo(pipeline);
            }
            List<StageReport> reports = pipeline.build().setUp();
            for (StageReport report : reports) {
                out.println("  " + report.summary());
            }
        }
        out.println("stage logs: " + ws.directory().resolve("logs") + "; node facts: " + ws.file("facts"));
        return 0;
    }
}
