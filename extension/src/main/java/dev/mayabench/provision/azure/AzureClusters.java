package dev.mayabench.provision.azure;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.provision.aws.Timings;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Azure clusters outside a test run: create one from the settings ({@code up}) and delete one from its workspace
 * ({@code down}), on given clients (Azure's, from {@link ArmClients#connectChecked}, or an emulator's).
 *
 * <pre>{@code
 * List<ClusterNode> nodes = AzureClusters.up(spec, workspace, AzureClusters.timings(Duration.ofSeconds(5)),
 *         () -> "198.51.100.7/32", () -> ArmClients.connectChecked(spec.azure().subscription(), Optional.empty()));
 * String left = AzureClusters.down(workspace, arm, AzureClusters.timings(Duration.ofSeconds(5)), System.out::println);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class AzureClusters {

    private AzureClusters() {
    }

    /** Azure's deadlines with another poll interval (an emulator answers in milliseconds). */
    public static Timings timings(java.time.Duration poll) {
        return new Timings(poll, AzureProvisioner.AZURE.bootDeadline(), AzureProvisioner.AZURE.deleteDeadline());
    }

    /**
     * Runs the provision stage for the spec into the workspace and returns the nodes; on failure the run's resource
     * group is deleted again and the exception says so.
     */
    public static List<ClusterNode> up(ClusterSpec spec, Workspace workspace, Timings timings,
                                       Supplier<String> sshSource, Supplier<ArmClients> connector) {
        if (workspace.state().isEmpty()) {
            workspace.writeState(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()));
        }
        AzureProvisioner provisioner = new AzureProvisioner(spec, workspace, timings, spec.strict(), sshSource,
                connector);
        Pipeline.builder(workspace)
                .skippedByUser(Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(StageName.PROVISION))))
                .stage(provisioner.new ProvisionStage()).build().setUp();
        return workspace.state().orElseThrow().nodes();
    }

    /**
     * Deletes the resource group the workspace's {@code state.json} names; returns what is still there and how to
     * remove it, empty when everything is gone.
     */
    public static String down(Workspace workspace, ArmClients arm, Timings timings, Consumer<String> progress) {
        if (workspace.state().isEmpty()) {
            throw new IllegalArgumentException("there is no state.json in " + workspace.directory()
                    + ", so mayabench does not know which resource group to delete; 'mayabench reap' finds "
                    + "tagged groups without it");
        }
        return AzureProvisioner.tearDown(arm, workspace, timings, progress).remaining();
    }
}
