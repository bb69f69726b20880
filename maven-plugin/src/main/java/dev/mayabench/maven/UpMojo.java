package dev.mayabench.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn mayabench:up}: creates the cluster the settings describe ({@code mayabench.yaml} in the project's
 * test resources, {@code -Dmayabench.*}, {@code MAYABENCH_*}) and keeps it until {@code mayabench:down};
 * {@code mayabench up} of the command line. Only provider {@code aws} creates machines.
 *
 * <pre>
 * mvn mayabench:up -Dmayabench.provider=aws -Dmayabench.dryRun
 * mvn mayabench:up -Dmayabench.provider=aws
 * </pre>
 */
@Mojo(name = "up", aggregator = true, requiresProject = false, threadSafe = true)
public final class UpMojo extends CommandMojo {

    /** Print what would be created and create nothing (EC2 is asked read-only questions only). */
    @Parameter(property = "mayabench.dryRun", defaultValue = "false")
    boolean dryRun;

    /** Fail instead of warning when the plan would measure something else than asked. */
    @Parameter(property = "mayabench.strict", defaultValue = "false")
    boolean strict;

    /** The workspace directory (default: {@code ${project.build.directory}/mayabench/<name>}). */
    @Parameter(property = "mayabench.workspace")
    File workspace;

    @Override
    boolean readsSettings() {
        return true;
    }

    @Override
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("up"));
        if (dryRun) {
            args.add("--dry-run");
        }
        if (strict) {
            args.add("--strict");
        }
        Arguments.option(args, "--workspace", workspace);
        return args;
    }
}
