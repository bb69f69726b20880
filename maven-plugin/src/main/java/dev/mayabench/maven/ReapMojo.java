package dev.mayabench.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn mayabench:reap}: deletes what mayabench tagged in the AWS region (or, with {@code -Dmayabench.provider=azure},
 * the run resource groups in the Azure subscription) for runs that expired, are older than {@code olderThan}, or whose
 * process on this machine is gone; {@code mayabench reap} of the command line.
 *
 * <pre>
 * mvn mayabench:reap -Dmayabench.dryRun
 * mvn mayabench:reap -Dmayabench.olderThan=2h
 * mvn mayabench:reap -Dmayabench.provider=azure -Dmayabench.azure.subscription=ID
 * </pre>
 */
@Mojo(name = "reap", aggregator = true, requiresProject = false, threadSafe = true)
public final class ReapMojo extends CommandMojo {

    /** Also delete runs created longer ago than this: {@code 2h}, {@code 90m}, {@code 1d}. */
    @Parameter(property = "mayabench.olderThan")
    String olderThan;

    /** Only print what would be deleted. */
    @Parameter(property = "mayabench.dryRun", defaultValue = "false")
    boolean dryRun;

    /** Also delete clusters kept with {@code reuse}. */
    @Parameter(property = "mayabench.includeKept", defaultValue = "false")
    boolean includeKept;

    /** The AWS region (default: the AWS SDK's default chain). */
    @Parameter(property = "mayabench.region")
    String region;

    /** An EC2 endpoint other than AWS's (an emulator). */
    @Parameter(property = "mayabench.aws.endpoint")
    String endpoint;

    /** The cloud whose leftovers to look for: {@code aws} (the default) or {@code azure}. */
    @Parameter(property = "mayabench.provider")
    String provider;

    /** The Azure subscription (default: {@code AZURE_SUBSCRIPTION_ID}); with provider azure. */
    @Parameter(property = "mayabench.azure.subscription")
    String subscription;

    /** A Resource Manager endpoint other than Azure's (an emulator); with provider azure. */
    @Parameter(property = "mayabench.azure.endpoint")
    String azureEndpoint;

    @Override
    boolean looksForWorkspaces() {
        return false;
    }

    @Override
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("reap"));
        Arguments.option(args, "--older-than", olderThan);
        if (dryRun) {
            args.add("--dry-run");
        }
        if (includeKept) {
            args.add("--include-kept");
        }
        if ("azure".equals(provider)) {
            // the command refuses --region with azure; a region set for the build's tests is not the reaper's
            args.addAll(List.of("--provider", "azure"));
            Arguments.option(args, "--subscription", subscription);
            Arguments.option(args, "--endpoint", azureEndpoint);
            return args;
        }
        Arguments.option(args, "--region", region);
        Arguments.option(args, "--endpoint", endpoint);
        return args;
    }
}
