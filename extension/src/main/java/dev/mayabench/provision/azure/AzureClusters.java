package dev.mayabench.provision.azure;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.provision.RunLease;
import dev.mayabench.provision.aws.Timings;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * What the {@code mayabench} command does with Azure clusters outside a test run: create one from the settings
 * ({@code up}) and delete one from its workspace ({@code down}). A run's resources all live in one resource group,
 * named in {@code state.json} as {@value #GROUP}; deleting the group deletes everything in it, so {@code down}
 * deletes the group, then clears the workspace's resources and nodes (as aws's {@code down} does once everything is
 * gone).
 *
 * <pre>{@code
 * Map<String, String> left = AzureClusters.down(Workspace.open(Path.of("target/mayabench/demo")),
 *         AzureClusters.Connector.azure(), System.out::println);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class AzureClusters {

    /** The state attribute naming the run's resource group. */
    public static final String GROUP = "azure.group";
    /** The state attribute naming the subscription the group is in. */
    public static final String SUBSCRIPTION = "azure.subscription";
    /** The state attribute naming a Resource Manager endpoint other than Azure's (an emulator), or empty. */
    public static final String ENDPOINT = "azure.endpoint";
    /** The state attribute naming the group's region, shown by {@code mayabench list}. */
    public static final String REGION = "azure.region";

    private AzureClusters() {
    }

    /** How the commands reach Resource Manager: Azure with {@code DefaultAzureCredential}, or a fake in tests. */
    @FunctionalInterface
    public interface Connector {
        /** Clients for the subscription (empty: {@code AZURE_SUBSCRIPTION_ID}) at the endpoint (empty: Azure). */
        ArmClients connect(Optional<String> subscription, Optional<URI> endpoint);

        /** Azure's public cloud, or an emulator's endpoint, with {@code DefaultAzureCredential}. */
        static Connector azure() {
            return AzureClusters::connect;
        }
    }

    /**
     * Clients for Azure's public cloud ({@link ArmClients#connect}), or for an emulator at {@code endpoint}: then only
     * the Resource Manager URL changes, and the token is still asked for Azure's management audience, which is what
     * {@code DefaultAzureCredential} can get (the environment's other endpoints stay Azure's).
     */
    public static ArmClients connect(Optional<String> subscription, Optional<URI> endpoint) {
        if (endpoint.isEmpty()) {
            return ArmClients.connect(subscription);
        }
        String id = subscription.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getenv(ArmClients.SUBSCRIPTION_VARIABLE))
                        .filter(s -> !s.isBlank()))
                .orElseThrow(() -> new ConfigurationException(new Problem("azure.subscription", "",
                        "the id of the Azure subscription the emulator at " + endpoint.get() + " serves",
                        "pass --subscription <id> or export " + ArmClients.SUBSCRIPTION_VARIABLE, "default")));
        return ArmClients.connect(Optional.of(id), endpoint);
    }

    /** Azure's deadlines with another poll interval (an emulator answers in milliseconds). */
    public static Timings timings(java.time.Duration poll) {
        return new Timings(poll, AzureProvisioner.AZURE.bootDeadline(), AzureProvisioner.AZURE.deleteDeadline());
    }

    /**
     * Runs the provision stage for the spec into the workspace and returns the nodes; on failure the run's resource
     * group is deleted again and the exception says so.
     */
    public static List<ClusterNode> up(ClusterSpec spec, Workspace workspace, Timings timings, boolean strict,
                                       Supplier<String> sshSource, Supplier<ArmClients> connector) {
        if (workspace.state().isEmpty()) {
            workspace.writeState(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()));
        }
        AzureProvisioner provisioner = new AzureProvisioner(spec, workspace, timings, strict || spec.strict(),
                sshSource, connector);
        Pipeline.builder(workspace)
                .skippedByUser(Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(StageName.PROVISION))))
                .stage(provisioner.new ProvisionStage()).build().setUp();
        return workspace.state().orElseThrow().nodes();
    }

    /**
     * What {@code up} would create, after the pre-flight's read-only questions to Resource Manager (sizes offered
     * and not restricted in the region, local NVMe, vCPU quota); creates nothing.
     */
    public static String plan(ClusterSpec spec, boolean strict, Supplier<String> sshSource,
                              Supplier<ArmClients> connector) {
        ArmClients arm = connector.get();
        String region = spec.region().orElse(AzureProvisioner.DEFAULT_REGION);
        dev.mayabench.provision.aws.ClusterPlan plan = dev.mayabench.provision.aws.ClusterPlan.of(spec);
        List<String> notes = new java.util.ArrayList<>();
        new ArmPreflight(arm, region, notes::add).check(plan, strict || spec.strict());
        StringBuilder text = new StringBuilder();
        text.append("azure plan for cluster ").append(spec.name()).append(" in ").append(region)
                .append(", subscription ").append(arm.subscription()).append(":\n");
        text.append("  resource group mb-").append(spec.name()).append("-<run> (tagged ").append(RunLease.RUN)
                .append(", ").append(RunLease.EXPIRES).append(" = creation + ").append(spec.azure().ttl())
                .append(spec.reuse() ? ", kept: reuse" : "").append("), with everything below\n");
        text.append("  virtual network and subnet; network security group: SSH only from ")
                .append(spec.azure().sshCidr().orElseGet(sshSource)).append(", to the bastion\n");
        text.append("  one Standard static public IP, for the bastion only\n");
        for (dev.mayabench.provision.aws.ClusterPlan.PlannedNode node : plan.nodes()) {
            text.append("  VM ").append(node.name()).append("  ").append(node.roles()).append("  ")
                    .append(node.instanceType()).append('\n');
        }
        notes.forEach(n -> text.append("  ").append(n).append('\n'));
        return text.toString().stripTrailing();
    }

    /** The subscription and endpoint a workspace's state names (what {@code down} connects to). */
    static Optional<String> subscription(WorkspaceState state) {
        return Optional.ofNullable(state.attributes().get(SUBSCRIPTION)).filter(s -> !s.isBlank());
    }

    static Optional<URI> endpoint(WorkspaceState state) {
        return Optional.ofNullable(state.attributes().get(ENDPOINT)).filter(e -> !e.isBlank()).map(URI::create);
    }

    /**
     * Deletes the resource group the workspace's {@code state.json} names, with everything in it; once it is gone the
     * state's resources and nodes are cleared (its attributes stay, so a second {@code down} finds the group gone and
     * succeeds). Returns what is still there, with why (empty when everything is gone).
     */
    public static Map<String, String> down(Workspace workspace, Connector connector, Consumer<String> progress) {
        WorkspaceState state = workspace.state().orElseThrow(() -> new IllegalArgumentException(
                "there is no state.json in " + workspace.directory() + ", so mayabench does not know what to "
                        + "delete; 'mayabench reap --provider azure' finds tagged resource groups without it"));
        if (!state.provider().equals("azure")) {
            throw new IllegalArgumentException("cluster " + state.cluster() + " in " + workspace.directory()
                    + " was made by provider " + state.provider() + ", not azure");
        }
        Optional<String> group = Optional.ofNullable(state.attributes().get(GROUP)).filter(g -> !g.isBlank());
        if (group.isEmpty()) {
            // the provider records the group's name in the state before it creates the group (the contract between
            // provider and down), so no name means nothing was created
            progress.accept("no resource group is recorded in " + workspace.file("state.json") + ", so this run "
                    + "created nothing; if it was killed while creating one, 'mayabench reap --provider azure' finds"
                    + " it by its tags");
            clear(workspace);
            return Map.of();
        }
        ArmClients arm = connector.connect(subscription(state), endpoint(state));
        Map<String, String> remaining = new AzureReaper(arm).deleteGroup(group.get(), progress);
        if (remaining.isEmpty()) {
            clear(workspace);
        }
        return remaining;
    }

    private static void clear(Workspace workspace) {
        workspace.updateState(s -> {
            WorkspaceState cleared = s.withNodes(List.of());
            for (WorkspaceState.CreatedResource resource : s.resources()) {
                cleared = cleared.withoutResource(resource);
            }
            return cleared;
        });
    }
}
