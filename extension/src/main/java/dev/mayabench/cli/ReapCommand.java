package dev.mayabench.cli;

import dev.mayabench.provision.aws.Ec2Reaper;
import dev.mayabench.provision.azure.AzureClusters;
import dev.mayabench.provision.azure.AzureReaper;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mayabench reap}: deletes tagged leftovers of runs that are expired, too old or dead. */
@Command(name = "reap", description = "Find every resource mayabench tagged in the region (aws) or every resource "
        + "group it made in the subscription (azure) and delete the runs that expired (mayabench:expires), are older "
        + "than --older-than, or whose process on this machine is gone. Clusters kept with reuse are left alone "
        + "unless --include-kept.")
final class ReapCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--older-than", paramLabel = "AGE", converter = AgeConverter.class,
            description = "also delete runs created longer ago than this, e.g. 2h, 90m, 1d")
    Duration olderThan;

    @Option(names = "--dry-run", description = "only print what would be deleted")
    boolean dryRun;

    @Option(names = "--include-kept", description = "also delete clusters kept with reuse")
    boolean includeKept;

    @Option(names = "--provider", paramLabel = "aws|azure", description = "the cloud to clean (default: aws)")
    String provider = "aws";

    @Option(names = "--region", description = "AWS region (default: the SDK's default chain)")
    String region;

    @Option(names = "--subscription", paramLabel = "ID", description = "Azure subscription (default: "
            + "AZURE_SUBSCRIPTION_ID)")
    String subscription;

    @Option(names = "--endpoint", description = "an EC2 or Resource Manager endpoint other than the cloud's (an "
            + "emulator)")
    URI endpoint;

    /** How the azure reap reaches Resource Manager; tests put a fake here. */
    AzureClusters.Connector azure = AzureClusters.Connector.azure();

    @Option(names = "--poll", hidden = true, description = "pause between looks at EC2 (tests)")
    Duration poll = Duration.ofSeconds(5);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (provider.equals("azure")) {
            return reapAzure(out, err);
        }
        if (!provider.equals("aws")) {
            throw new ParameterException(spec.commandLine(), "--provider '" + provider + "' has no cloud resources "
                    + "to reap; use --provider aws (the default) or --provider azure");
        }
        if (subscription != null) {
            throw new ParameterException(spec.commandLine(), "--subscription is for --provider azure; aws reaps a "
                    + "region: use --region, or add --provider azure");
        }
        int failed = 0;
        try (Ec2Reaper reaper = Ec2Reaper.connect(region, Optional.ofNullable(endpoint), poll)) {
            List<Ec2Reaper.Run> runs = reaper.runs();
            Instant now = Instant.now();
            int due = 0;
            for (Ec2Reaper.Run run : runs) {
                Optional<String> why = run.dueBecause(now, Optional.ofNullable(olderThan), includeKept);
                if (why.isEmpty()) {
                    out.println("keeping run " + run.id() + " (cluster " + run.cluster() + ", "
                            + (run.kept() ? "kept with reuse" : "expires " + run.expires().map(Object::toString)
                            .orElse("?")) + "): " + run.resources().size() + " resource(s)");
                    continue;
                }
                due++;
                out.println((dryRun ? "would delete" : "deleting") + " run " + run.id() + " (cluster "
                        + run.cluster() + "): " + why.get());
                run.resources().forEach(r -> out.println("  " + r));
                out.flush();
                if (!dryRun) {
                    Map<String, String> remaining = reaper.delete(run, line -> {
                        out.println("  " + line);
                        out.flush();
                    });
                    remaining.forEach((r, reason) -> err.println("  NOT deleted: " + r + ": " + reason));
                    failed += remaining.size();
                }
            }
            out.println(runs.isEmpty() ? "no tagged resources in " + reaper.region()
                    : due + " of " + runs.size() + " run(s) " + (dryRun ? "would be deleted" : "deleted")
                    + " in " + reaper.region());
        }
        return failed == 0 ? 0 : 1;
    }

    /** The same rule per resource group: a run's group, and everything in it, goes at once. */
    private int reapAzure(PrintWriter out, PrintWriter err) {
        if (region != null) {
            throw new ParameterException(spec.commandLine(), "--region is for aws; azure reaps a whole subscription "
                    + "(its groups may be in any region): drop --region, or give --subscription ID");
        }
        AzureReaper reaper = new AzureReaper(azure.connect(Optional.ofNullable(subscription),
                Optional.ofNullable(endpoint)));
        List<AzureReaper.Run> runs = reaper.runs();
        Instant now = Instant.now();
        int due = 0;
        int failed = 0;
        for (AzureReaper.Run run : runs) {
            String where = "resource group " + run.group() + " in " + run.region();
            if (!run.named()) {
                out.println("not touching " + where + ": it carries mayabench:run " + run.id() + " but its name "
                        + "does not start with " + AzureReaper.GROUP_PREFIX + ", so mayabench did not make it");
                continue;
            }
            Optional<String> why = run.dueBecause(now, Optional.ofNullable(olderThan), includeKept);
            if (why.isEmpty()) {
                out.println("keeping run " + run.id() + " (cluster " + run.cluster() + ", " + where + ", "
                        + (run.kept() ? "kept with reuse" : "expires " + run.expires().map(Object::toString)
                        .orElse("?")) + ")");
                continue;
            }
            due++;
            out.println((dryRun ? "would delete" : "deleting") + " run " + run.id() + " (cluster " + run.cluster()
                    + "): " + why.get());
            out.println("  " + where + " and everything in it");
            out.flush();
            if (!dryRun) {
                Map<String, String> remaining = reaper.delete(run, line -> {
                    out.println("  " + line);
                    out.flush();
                });
                remaining.forEach((r, reason) -> err.println("  NOT deleted: " + r + ": " + reason));
                failed += remaining.isEmpty() ? 0 : 1;
            }
        }
        String subscriptionName = "subscription " + reaper.subscription();
        out.println(runs.isEmpty() ? "no resource groups tagged mayabench:run in " + subscriptionName
                : (due - failed) + " of " + runs.size() + " run(s) " + (dryRun ? "would be deleted" : "deleted")
                + " in " + subscriptionName + (failed == 0 ? "" : "; " + failed + " NOT deleted, see above"));
        return failed == 0 ? 0 : 1;
    }
}
