package dev.mayabench.cli;

import java.io.PrintWriter;
import org.apiguardian.api.API;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mayabench} command: manage benchmark clusters outside a test run.
 *
 * <pre>
 * mayabench up                               create the cluster the settings describe (mayabench.yaml, -D, env)
 * mayabench down demo                        delete cluster 'demo' from its workspace's state.json
 * mayabench reap --older-than 2h --dry-run   list, then delete, tagged leftovers of dead or expired runs
 * mayabench reap --provider azure            the same for the resource groups of an Azure subscription
 * mayabench list [--cloud]                   clusters in the workspaces, and with --cloud the tagged runs in AWS
 * mayabench doctor demo                      read-only preflight of a cluster (workspace or --kubeconfig FILE)
 * mayabench up --dry-run                     print what 'up' would create, create nothing
 * </pre>
 *
 * <p>Commands that look for workspaces take {@code --build-dir DIR} (default {@code ./target}, or the
 * {@code mayabench.build.dir} setting). From a Maven project the plugin runs them:
 * {@code mvn mayabench:down -Dmayabench.cluster=demo}. Inside this repository also
 * {@code mvn -pl extension exec:java -Dexec.mainClass=dev.mayabench.cli.Mayabench
 * -Dexec.args="reap --dry-run"} or {@code java -cp <classpath> dev.mayabench.cli.Mayabench reap --dry-run}.
 */
@API(status = API.Status.EXPERIMENTAL)
@Command(name = "mayabench", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Manage mayabench benchmark clusters outside a test run.",
        subcommands = {UpCommand.class, PrepareCommand.class, DownCommand.class, ReapCommand.class,
                ListCommand.class, DoctorCommand.class})
public final class Mayabench {

    /** Runs the command and exits with its status: 0 done, 1 something is left or failed, 2 bad usage. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command without exiting, for tests and embedding. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * Runs the command without exiting, its output to {@code out} and its messages to {@code err}: for callers
     * that show them their own way (the Maven plugin writes them to the build log). Example:
     * <pre>{@code
     * int status = Mayabench.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
     *         "down", "demo", "--build-dir", "module/target");
     * }</pre>
     *
     * @return 0 done, 1 something failed or is left, 2 bad usage
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = commandLine();
        line.setOut(out);
        line.setErr(err);
        try {
            return line.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Mayabench());
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            // every failure a user can cause has a message saying what to do; a stack trace would bury it
            commandLine.getErr().println("mayabench " + parsed.subcommand().commandSpec().name() + ": "
                    + e.getMessage());
            return 1;
        });
        return line;
    }
}
