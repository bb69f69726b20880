package dev.mayabench.cli;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.provision.aws.AwsClusters;
import dev.mayabench.provision.aws.ExecutorAddress;
import dev.mayabench.provision.azure.ArmClients;
import dev.mayabench.provision.azure.AzureClusters;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayabench up}: creates the machines the settings describe and keeps them until {@code down}. */
@Command(name = "up", description = "Create the cluster the settings describe (mayabench.yaml, -Dmayabench.*, "
        + "MAYABENCH_*) and keep it until 'mayabench down <name>'. Only provider aws creates machines.")
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BuildDirectories buildDirectories = new BuildDirectories();

    @Option(names = "--workspace", description = "workspace directory (default: <build dir>/mayabench/<name>)")
    Path workspace;

    @Option(names = "--strict", description = "fail instead of warning when the plan would measure something "
            + "else than asked (a storage instance type without local NVMe); same as -Dmayabench.strict=true")
    boolean strict;

    @Option(names = "--dry-run", description = "print what would be created (instances, network, chart and its "
            + "values, pools, StorageClass, volumes) and create nothing; EC2 is asked read-only questions only")
    boolean dryRun;

    @Option(names = "--poll", hidden = true, description = "pause between looks at EC2 or Azure (tests)")
    Duration poll = Duration.ofSeconds(5);

    /** How {@code up} reaches Resource Manager for provider azure; the tests give the fake ARM endpoint's. */
    AzureClusters.Connector azure = AzureClusters.Connector.azure();

    @Override
    public Integer call() {
        ClusterSpec settings = ClusterSpec.load(null, CommandSettings.current());
        if (!settings.provider().equals("aws") && !settings.provider().equals("azure")) {
            spec.commandLine().getErr().println("mayabench up: provider is '" + settings.provider()
                    + "'; only providers aws and azure create machines (set -Dmayabench.provider=aws or azure)");
            return 2;
        }
        if (settings.provider().equals("azure")) {
            return azure(settings);
        }
        if (dryRun) {
            spec.commandLine().getOut().println(AwsClusters.plan(settings, AwsClusters.SshSource.detected(), strict));
            spec.commandLine().getOut().println("dry run: nothing was created; 'mayabench up' without --dry-run "
                    + "creates it");
            return 0;
        }
        Workspace ws = Workspace.open(workspace != null ? workspace
                : buildDirectories.workspaces().newWorkspace(settings.name()));
        List<ClusterNode> nodes = AwsClusters.up(settings, ws, poll, AwsClusters.SshSource.detected(), strict);
        printUp(settings, ws, nodes);
        return 0;
    }

    private void printUp(ClusterSpec settings, Workspace ws, List<ClusterNode> nodes) {
        var out = spec.commandLine().getOut();
        out.println("cluster " + settings.name() + " is up (workspace " + ws.directory() + "):");
        for (ClusterNode node : nodes) {
            out.println("  " + node.name() + "  " + node.roles() + "  " + node.reachableAddress()
                    + node.nvmeDevice().map(d -> "  " + d).orElse(""));
        }
        out.println("delete it with: mayabench down " + settings.name());
    }

    private int azure(ClusterSpec settings) {
        Supplier<String> sshSource = () -> ExecutorAddress.detect("azure.sshCidr");
        Supplier<ArmClients> clients = () -> azure.connect(settings.azure().subscription(), settings.azure().endpoint());
        var out = spec.commandLine().getOut();
        if (dryRun) {
            out.println(AzureClusters.plan(settings, strict, sshSource, clients));
            out.println("dry run: nothing was created; 'mayabench up' without --dry-run creates it");
            return 0;
        }
        Workspace ws = Workspace.open(workspace != null ? workspace
                : buildDirectories.workspaces().newWorkspace(settings.name()));
        List<ClusterNode> nodes = AzureClusters.up(settings, ws, AzureClusters.timings(poll), strict, sshSource,
                clients);
        printUp(settings, ws, nodes);
        return 0;
    }
}
