package dev.mayabench.cli;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.kube.Finding;
import dev.mayabench.kube.KubeTarget;
import dev.mayabench.kube.ChartRepository;
import dev.mayabench.kube.Preflight;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mayabench doctor [CLUSTER]}: the deploy stage's read-only preflight, on a cluster's workspace or on any
 * cluster a kubeconfig reaches. Exit status 0 when nothing would stop the deploy stage, 1 when something would.
 */
@Command(name = "doctor", description = "Check, read-only, whether Mayastor can be deployed on a cluster: Kubernetes "
        + "version, node names, hugepages, io-engine CPUs, nvme-tcp, pool disks, chart version. Nothing is changed.")
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CLUSTER",
            description = "a cluster with a workspace (target/mayabench or ~/.mayabench/clusters); default: the "
                    + "cluster the settings name")
    String cluster;

    @Mixin
    BuildDirectories buildDirectories = new BuildDirectories();

    @Option(names = "--workspace", description = "the workspace directory (its admin.conf, state.json and facts/)")
    Path workspace;

    @Option(names = "--kubeconfig", description = "check the cluster this kubeconfig reaches (overrides the "
            + "workspace's admin.conf and mayabench.kubeconfig)")
    Path kubeconfig;

    @Option(names = "--chart-repository", paramLabel = "URL", description = "the Helm repository whose index.yaml "
            + "must list mayastor.chartVersion (a mirror); default: " + "https://openebs.github.io/mayastor-extensions/")
    java.net.URI chartRepository = java.net.URI.create("https://openebs.github.io/mayastor-extensions/");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (kubeconfig != null && !Files.isRegularFile(kubeconfig)) {
            err.println("mayabench doctor: --kubeconfig " + kubeconfig.toAbsolutePath() + " is not a file; name the "
                    + "kubeconfig of the cluster to check");
            return 2;
        }
        ConfigSources current = CommandSettings.current();
        Map<String, String> properties = new LinkedHashMap<>(current.systemProperties());
        if (cluster != null) {
            properties.put("mayabench.name", cluster);
        }
        if (kubeconfig != null) {
            properties.put("mayabench.kubeconfig", kubeconfig.toAbsolutePath().toString());
        }
        ClusterSpec settings = ClusterSpec.load(null, new ConfigSources(properties, current.environment(),
                current.classpathFile()));
        Path directory = workspace;
        if (directory == null) {
            Workspaces places = buildDirectories.workspaces();
            List<Path> found = places.find(settings.name());
            if (found.size() > 1) {
                err.println("mayabench doctor: cluster '" + settings.name() + "' has workspaces in " + found
                        + "; choose one with --workspace DIR");
                return 2;
            }
            if (found.isEmpty() && kubeconfig == null && settings.kube().kubeconfig().isEmpty()) {
                out.println("no workspace of cluster '" + settings.name() + "' in " + places.roots()
                        + ": checking the cluster of the default kubeconfig (KUBECONFIG, ~/.kube/config)");
            }
            directory = found.isEmpty() ? scratch() : found.get(0);
        }
        Workspace ws = Workspace.open(directory);
        try (KubeTarget target = new KubeTarget(settings, ws)) {
            Preflight.Report report = Preflight.of(target, ChartRepository.of(chartRepository)).run();
            out.println("cluster " + settings.name() + " (" + target.client().getMasterUrl() + "), workspace "
                    + ws.directory() + ":");
            report.findings().forEach(f -> out.println("  " + f.line()));
            long warnings = report.findings().stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
            long unchecked = report.findings().stream().filter(f -> f.severity() == Finding.Severity.NOT_CHECKED)
                    .count();
            out.println(report.errors().size() + " error(s), " + warnings + " warning(s), " + unchecked
                    + " not checked" + (report.hasErrors() ? ": the deploy stage would stop" : ""));
            return report.hasErrors() ? 1 : 0;
        }
    }

    /** A workspace that exists only for this look: no state, no facts, nothing written to the user's places. */
    private static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("mayabench-doctor");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory for the check", e);
        }
    }
}
