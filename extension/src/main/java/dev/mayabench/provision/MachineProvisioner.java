package dev.mayabench.provision;

import dev.mayabench.ansible.Ansible;
import dev.mayabench.ansible.Installer;
import dev.mayabench.ansible.Inventory;
import dev.mayabench.ansible.NodeStages;
import dev.mayabench.ansible.UserPlaybooksStage;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.kube.KubeStages;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * A provider that creates machines in a cloud and installs Kubernetes on them ({@code aws}, {@code azure}): its own
 * provision and teardown stages around the same node stages ({@link NodeStages}: tunnel through the bastion, the
 * Kubernetes installer, node preparation), deploy stage ({@link KubeStages}) and user playbooks. What the clouds
 * share lives here: the Ansible check before anything is created, the inventory, the order of teardown (the
 * cluster's objects before the machines) and creating under a shutdown hook that rolls back on Ctrl-C.
 *
 * <pre>{@code
 * final class AzureProvisioner extends MachineProvisioner {
 *     protected Stage provisionStage() { return new ProvisionStage(); }
 *     protected Stage teardownStage() { return new TeardownStage(); }
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public abstract class MachineProvisioner extends KubernetesProvisioner {

    protected final ClusterSpec spec;
    protected final Workspace workspace;
    private NodeStages nodeStages;

    protected MachineProvisioner(ClusterSpec spec, Workspace workspace) {
        super(new KubeStages(spec, workspace));
        this.spec = spec;
        this.workspace = workspace;
    }

    /** The stage that creates the machines (or finds a kept cluster's again) and writes the inventory. */
    protected abstract Stage provisionStage();

    /** The stage that deletes the machines, after {@link #tearDownCluster}. */
    protected abstract Stage teardownStage();

    @Override
    public void preflight() {
        if (needsAnsible()) {
            // said before any machine is made: without it the run would stop after minutes, at the first playbook
            new Ansible().version();
            UserPlaybooksStage.syntaxCheck(spec, workspace, new Ansible());
        }
    }

    private boolean needsAnsible() {
        return !spec.skip().containsAll(List.of(StageName.KUBERNETES, StageName.PREPARE_NODES))
                || !spec.playbooks().files().isEmpty() && !spec.skip().contains(StageName.PLAYBOOKS);
    }

    @Override
    public void contributeStages(Pipeline.Builder pipeline) {
        pipeline.stage(provisionStage());
        nodeStages().contributeTo(pipeline);
        kube.contributeTo(pipeline);
        UserPlaybooksStage.contributeTo(pipeline, spec, installer(), new Ansible(), false);
        pipeline.stage(teardownStage());
    }

    private synchronized NodeStages nodeStages() {
        if (nodeStages == null) {
            nodeStages = new NodeStages(installer(), spec.hugepages(), new Ansible(), false);
        }
        return nodeStages;
    }

    protected Installer installer() {
        return Installer.of(spec.kubernetes()).orElseThrow(() -> new IllegalStateException(
                "the configuration accepted kubernetes '" + spec.kubernetes() + "', which has no installer"));
    }

    /** The cloud's own facts of a run (region, run id, ...), in the order they are shown. */
    protected abstract void putCloudFacts(WorkspaceState state, Map<String, String> facts);

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        workspace.state().ifPresent(s -> {
            putCloudFacts(s, facts);
            putNodeFacts(s, facts);
        });
        facts.putAll(kube.facts());
        return facts;
    }

    /** The nodes of the workspace's state as facts: {@code node <name>} -> roles and the address reached. */
    private static void putNodeFacts(WorkspaceState state, Map<String, String> facts) {
        for (ClusterNode node : state.nodes()) {
            facts.put("node " + node.name(), String.join(",", node.roles().stream().map(Object::toString)
                    .toList()) + " " + node.reachableAddress());
        }
    }

    /** The inventory the later stages run their playbooks with, in the groups of the chosen installer. */
    protected void writeInventory(List<ClusterNode> nodes, StageContext context) {
        Path inventory = Inventory.of(nodes, installer()).write(workspace);
        context.log("inventory for " + installer() + ": " + inventory);
    }

    /**
     * The first half of teardown: the cluster's objects go with the machines, but deleting them first keeps a shared
     * or simulated API server clean, and an unreachable one must not stop the machines from being deleted.
     */
    protected void tearDownCluster(StageContext context) {
        List<String> left = kube.tearDown(context);
        if (!left.isEmpty()) {
            context.log("left in the cluster, deleted with its machines: " + left);
        }
        kube.close();
        if (nodeStages != null) {
            nodeStages.close();
        }
        kube.forgetDeployed();
    }

    /**
     * Runs {@code create} under a shutdown hook: a JVM shut down meanwhile (Ctrl-C) calls {@code cancel} and waits up to
     * {@code deleteDeadline} (and a minute) for the rollback before it exits; a failure throws what {@code rollBack} returns after deleting what exists.
     */
    protected final void createRollingBack(StageContext context, String cloud, Duration deleteDeadline,
                                           Supplier<List<ClusterNode>> create, Runnable cancel,
                                           Function<RuntimeException, RuntimeException> rollBack) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread worker = Thread.currentThread();
        Thread onShutdown = new Thread(() -> {
            context.log("the JVM is shutting down during provisioning: stopping and deleting what exists");
            cancel.run();
            worker.interrupt();
            try {
                finished.await(deleteDeadline.toSeconds() + 60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mayabench-" + cloud + "-provision-interrupted");
        Runtime.getRuntime().addShutdownHook(onShutdown);
        try {
            writeInventory(create.get(), context);
        } catch (RuntimeException e) {
            // an interrupt meant for the waits must not abort the deletes too
            Thread.interrupted();
            throw rollBack.apply(e);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onShutdown);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it is waiting for this very stage to finish
            }
        }
    }
}
