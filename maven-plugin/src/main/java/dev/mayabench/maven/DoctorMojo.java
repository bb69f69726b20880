package dev.mayabench.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn mayabench:doctor -Dmayabench.cluster=NAME}: the deploy stage's read-only preflight of a cluster
 * (Kubernetes version, hugepages, nvme-tcp, pool disks, chart version); {@code mayabench doctor} of the command
 * line. Fails the build when something would stop the deploy stage.
 *
 * <pre>
 * mvn mayabench:doctor -Dmayabench.cluster=demo
 * mvn mayabench:doctor -Dmayabench.kubeconfig=$HOME/.kube/config
 * </pre>
 */
@Mojo(name = "doctor", aggregator = true, requiresProject = false, threadSafe = true)
public final class DoctorMojo extends CommandMojo {

    /** A cluster with a workspace; default: the cluster the settings name ({@code mayabench.name}). */
    @Parameter(property = "mayabench.cluster")
    String cluster;

    /** The workspace directory (its admin.conf, state.json and facts/). */
    @Parameter(property = "mayabench.workspace")
    File workspace;

    /** Check the cluster this kubeconfig reaches instead of the workspace's. */
    @Parameter(property = "mayabench.kubeconfig")
    File kubeconfig;

    /** The Helm repository whose index.yaml must list the chart version (a mirror). */
    @Parameter(property = "mayabench.chartRepository")
    String chartRepository;

    @Override
    boolean readsSettings() {
        return true;
    }

    @Override
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("doctor"));
        if (cluster != null && !cluster.isBlank()) {
            args.add(cluster);
        }
        Arguments.option(args, "--workspace", workspace);
        Arguments.option(args, "--kubeconfig", kubeconfig);
        Arguments.option(args, "--chart-repository", chartRepository);
        return args;
    }
}
