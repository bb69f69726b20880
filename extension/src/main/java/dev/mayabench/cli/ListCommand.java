package dev.mayabench.cli;

import dev.mayabench.provision.aws.Ec2Reaper;
import dev.mayabench.provision.azure.AzureClusters;
import dev.mayabench.provision.azure.AzureReaper;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayabench list}: the clusters this machine knows, and with {@code --cloud} the tagged runs in AWS. */
@Command(name = "list", description = "List the clusters in <build dir>/mayabench and ~/.mayabench/clusters; with "
        + "--cloud also every tagged run in the AWS region, or with --cloud --provider azure every tagged resource "
        + "group in the Azure subscription.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BuildDirectories buildDirectories = new BuildDirectories();

    @Option(names = "--cloud", description = "also ask AWS for tagged runs")
    boolean cloud;

    @Option(names = "--region", description = "AWS region for --cloud (default: the SDK's default chain)")
    String region;

    @Option(names = "--endpoint", description = "an EC2 or Resource Manager endpoint other than the cloud's (an "
            + "emulator)")
    URI endpoint;

    @Option(names = "--provider", paramLabel = "aws|azure", description = "the cloud --cloud asks (default: aws)")
    String provider = "aws";

    @Option(names = "--subscription", paramLabel = "ID", description = "Azure subscription for --cloud --provider "
            + "azure (default: AZURE_SUBSCRIPTION_ID)")
    String subscription;

    /** How --cloud --provider azure reaches Resource Manager; tests put a fake here. */
    AzureClusters.Connector azure = AzureClusters.Connector.azure();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!provider.equals("aws") && !provider.equals("azure")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--provider '" + provider
                    + "' has no cloud to list; use --provider aws (the default) or --provider azure");
        }
        Workspaces places = buildDirectories.workspaces();
        List<Path> workspaces = places.all();
        if (workspaces.isEmpty()) {
            out.println("no cluster workspaces in " + places.roots());
        }
        for (Path directory : workspaces) {
            WorkspaceState state = Workspace.open(directory).state().orElseThrow();
            out.println(state.cluster() + "  provider " + state.provider() + "  " + state.nodes().size()
                    + " node(s)  " + state.resources().size() + " resource(s)"
                    + Optional.ofNullable(state.attributes().get("aws.region")).map(r -> "  region " + r).orElse("")
                    + Optional.ofNullable(state.attributes().get(AzureClusters.GROUP)).filter(g -> !g.isEmpty())
                            .map(g -> "  resource group " + g).orElse("")
                    + Optional.ofNullable(state.attributes().get(AzureClusters.REGION)).filter(r -> !r.isEmpty())
                            .map(r -> "  region " + r).orElse("")
                    + "  created " + state.createdAt() + "  " + directory);
        }
        if (cloud && provider.equals("azure")) {
            AzureReaper reaper = new AzureReaper(azure.connect(Optional.ofNullable(subscription),
                    Optional.ofNullable(endpoint)));
            List<AzureReaper.Run> runs = reaper.runs();
            out.println(runs.size() + " tagged resource group(s) in subscription " + reaper.subscription() + ":");
            for (AzureReaper.Run run : runs) {
                out.println("  " + run.id() + "  cluster " + run.cluster() + "  resource group " + run.group()
                        + "  region " + run.region() + "  " + (run.kept() ? "kept" : "expires "
                        + run.expires().map(Object::toString).orElse("?")) + "  owner " + run.lease().owner()
                        + (run.named() ? "" : "  (not named " + AzureReaper.GROUP_PREFIX + "…: reap leaves it)"));
            }
        } else if (cloud) {
            try (Ec2Reaper reaper = Ec2Reaper.connect(region, Optional.ofNullable(endpoint))) {
                List<Ec2Reaper.Run> runs = reaper.runs();
                out.println(runs.size() + " tagged run(s) in " + reaper.region() + ":");
                for (Ec2Reaper.Run run : runs) {
                    out.println("  " + run.id() + "  cluster " + run.cluster() + "  " + run.resources().size()
                            + " resource(s)  " + (run.kept() ? "kept" : "expires "
                            + run.expires().map(Object::toString).orElse("?")) + "  owner " + run.owner());
                }
            }
        }
        return 0;
    }
}
