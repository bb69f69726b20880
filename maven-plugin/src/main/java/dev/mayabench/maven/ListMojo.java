package dev.mayabench.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn mayabench:list}: the clusters in the build directories and in {@code ~/.mayabench/clusters}, and with
 * {@code -Dmayabench.cloud} the tagged runs in AWS; {@code mayabench list} of the command line.
 *
 * <pre>
 * mvn mayabench:list
 * mvn mayabench:list -Dmayabench.cloud -Dmayabench.region=eu-west-1
 * </pre>
 */
@Mojo(name = "list", aggregator = true, requiresProject = false, threadSafe = true)
public final class ListMojo extends CommandMojo {

    /** Also ask AWS for the runs mayabench tagged. */
    @Parameter(property = "mayabench.cloud", defaultValue = "false")
    boolean cloud;

    /** The AWS region for {@code cloud} (default: the AWS SDK's default chain). */
    @Parameter(property = "mayabench.region")
    String region;

    /** An EC2 endpoint other than AWS's (an emulator). */
    @Parameter(property = "mayabench.aws.endpoint")
    String endpoint;

    @Override
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("list"));
        if (cloud) {
            args.add("--cloud");
        }
        Arguments.option(args, "--region", region);
        Arguments.option(args, "--endpoint", endpoint);
        return args;
    }
}
