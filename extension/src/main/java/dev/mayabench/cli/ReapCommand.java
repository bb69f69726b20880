package dev.mayabench.cli;

import dev.mayabench.provision.aws.Ec2Reaper;
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
import picocli.CommandLine.Spec;

/** {@code mayabench reap}: deletes tagged leftovers of runs that are expired, too old or dead. */
@Command(name = "reap", description = "Find every resource mayabench tagged in the region and delete the runs "
        + "that expired (mayabench:expires), are older than --older-than, or whose process on this machine is "
        + "gone. Clusters kept with reuse are left alone unless --include-kept.")
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

    @Option(names = "--region", description = "AWS region (default: the SDK's default chain)")
    String region;

    @Option(names = "--endpoint", description = "an EC2 endpoint other than AWS's (an emulator)")
    URI endpoint;

    @Option(names = "--poll", hidden = true, description = "pause between looks at EC2 (tests)")
    Duration poll = Duration.ofSeconds(5);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
}
