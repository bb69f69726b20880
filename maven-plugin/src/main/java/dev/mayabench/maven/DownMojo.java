package dev.mayabench.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn mayabench:down -Dmayabench.cluster=NAME}: deletes a cluster, every resource its workspace's
 * {@code state.json} lists (a kept local cluster's data, an AWS cluster's instances and network);
 * {@code mayabench down NAME} of the command line. Fails the build when something is left, naming it.
 *
 * <pre>
 * mvn mayabench:down -Dmayabench.cluster=demo
 * mvn mayabench:down -Dmayabench.cluster=demo -Dmayabench.workspace=/path/to/workspace
 * </pre>
 */
@Mojo(name = "down", aggregator = true, requiresProject = false, threadSafe = true)
public final class DownMojo extends CommandMojo {

    /** The cluster's name ({@code @MayastorCluster(name)}, {@code mayabench.name}). */
    @Parameter(property = "mayabench.cluster")
    String cluster;

    /** The workspace directory, when it is not in a build directory's mayabench/ or ~/.mayabench/clusters. */
    @Parameter(property = "mayabench.workspace")
    File workspace;

    @Override
    List<String> arguments() throws MojoExecutionException {
        if (cluster == null || cluster.isBlank()) {
            throw new MojoExecutionException("mayabench:down needs the cluster to delete: mayabench.cluster is not "
                    + "set; allowed: a cluster name that 'mvn mayabench:list' shows. Run e.g. "
                    + "mvn mayabench:down -Dmayabench.cluster=demo");
        }
        List<String> args = new ArrayList<>(List.of("down", cluster));
        Arguments.option(args, "--workspace", workspace);
        return args;
    }
}
