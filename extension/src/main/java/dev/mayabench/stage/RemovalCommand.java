package dev.mayabench.stage;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * The command a log line gives for removing what a cluster's workspace lists. Inside a Maven build (Surefire and
 * Failsafe set the {@code basedir} system property) it is the Maven plugin's goal, which a consumer project has
 * without installing anything; the {@code mayabench} command line follows, with the exact workspace, for use
 * outside Maven or when the goal cannot find the workspace.
 *
 * <pre>{@code
 * LOG.warn("left: {}; remove with: {}", left, RemovalCommand.of("demo", workspace.directory()));
 * // under Maven: mvn mayabench:down -Dmayabench.cluster=demo (without Maven: mayabench down demo --workspace /...)
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class RemovalCommand {

    private RemovalCommand() {
    }

    /** The command for this cluster and workspace, in the form that fits where the run happens. */
    public static String of(String cluster, Path workspaceDirectory) {
        String commandLine = commandLine(cluster, workspaceDirectory);
        String basedir = System.getProperty("basedir");
        if (basedir == null || basedir.isBlank()) {
            return commandLine;
        }
        return "mvn mayabench:down -Dmayabench.cluster=" + cluster + " (without Maven: " + commandLine + ")";
    }

    /** {@code mayabench down NAME --workspace DIR}: works from any directory. */
    public static String commandLine(String cluster, Path workspaceDirectory) {
        return "mayabench down " + cluster + " --workspace " + workspaceDirectory.toAbsolutePath();
    }
}
