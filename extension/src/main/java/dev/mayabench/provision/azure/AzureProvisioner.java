package dev.mayabench.provision.azure;

import dev.mayabench.ansible.Inventory;
import dev.mayabench.ansible.NodeStages;
import dev.mayabench.ansible.SshClientConfig;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.kube.KubeStages;
import dev.mayabench.provision.MachineProvisioner;
import dev.mayabench.provision.aws.ClusterPlan;
import dev.mayabench.provision.aws.ExecutorAddress;
import dev.mayabench.provision.aws.ProvisioningException;
import dev.mayabench.provision.aws.RunTags;
import dev.mayabench.provision.aws.Timings;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code azure} provider: its provision stage creates one resource group for the run with everything in it
 * ({@link ArmProvisioning}, after {@link ArmPreflight} asked Azure whether the plan can work) and its teardown stage
 * deletes that group ({@link GroupTeardown}). A provision stage that fails half-way deletes the group before it
 * reports the original cause; a JVM shut down while it runs (Ctrl-C) stops creating and deletes the group before the
 * JVM exits. Between the two run the same node, Kubernetes, deploy and playbook stages as on aws.
 *
 * <pre>{@code
 * AzureProvisioner azure = new AzureProvisioner(spec, workspace, AzureProvisioner.AZURE);
 * Pipeline.Builder pipeline = Pipeline.builder(workspace);
 * azure.contributeStages(pipeline);
 * pipeline.build().setUp();   // VMs are running, nodes and known_hosts are in the workspace
 * }</pre>
 */
final class AzureProvisioner extends MachineProvisioner {

    // the state attributes mayabench down, list and reap read (AzureClusters): one name for each
    static final String GROUP = AzureClusters.GROUP;
    static final String REGION = AzureClusters.REGION;
    static final String RUN = "azure.run";
    static final String SUBSCRIPTION = AzureClusters.SUBSCRIPTION;
    static final String ENDPOINT = AzureClusters.ENDPOINT;
    /** When no region is set: Azure's largest US region, where the L-series v3 sizes are offered. */
    static final String DEFAULT_REGION = "eastus";
    /** Serial logs are looked at every 5 s; a VM boots within minutes; a group delete takes minutes too. */
    static final Timings AZURE = new Timings(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(20));

    private final Timings timings;
    private final boolean strict;
    private final Supplier<String> executorAddress;
    private final Supplier<ArmClients> connector;
    private ArmClients arm;

    AzureProvisioner(ClusterSpec spec, Workspace workspace, Timings timings) {
        this(spec, workspace, timings, spec.strict(), () -> ExecutorAddress.detect("azure.sshCidr"),
                () -> java.util.ServiceLoader.load(ArmConnector.class).stream()
                        .map(p -> p.get().connect(spec)).flatMap(java.util.Optional::stream).findFirst()
                        .orElseGet(() -> ArmClients.connectChecked(spec.azure().subscription(),
                                spec.azure().endpoint())));
    }

    /** The test seam: {@code connector} gives the clients (a fake's), {@code executorAddress} this machine's /32. */
    AzureProvisioner(ClusterSpec spec, Workspace workspace, Timings timings, boolean strict,
                     Supplier<String> executorAddress, Supplier<ArmClients> connector) {
        super(spec, workspace);
        this.timings = timings;
        this.strict = strict;
        this.executorAddress = executorAddress;
        this.connector = connector;
    }

    @Override
    public String name() {
        return "azure";
    }

    @Override
    protected Stage provisionStage() {
        return new ProvisionStage();
    }

    @Override
    protected Stage teardownStage() {
        return new TeardownStage();
    }

    @Override
    protected void putCloudFacts(WorkspaceState s, Map<String, String> facts) {
        facts.put("azure region", s.attributes().getOrDefault(REGION, ""));
        facts.put("azure resource group", s.attributes().getOrDefault(GROUP, ""));
    }

    /** Connects once, failing fast (no credentials, no subscription) before anything is created. */
    private synchronized ArmClients arm() {
        if (arm == null) {
            arm = connector.get();
        }
        return arm;
    }

    /** Creates the resource group and the VMs, or finds them again when a kept cluster's state lists them. */
    final class ProvisionStage implements Stage {

        @Override
        public StageName name() {
            return StageName.PROVISION;
        }

        @Override
        public List<String> outputs() {
            return List.of("id_ed25519", "known_hosts", Inventory.FILE, SshClientConfig.FILE);
        }

        @Override
        public void run(StageContext context) {
            String region = spec.region().orElse(DEFAULT_REGION);
            ArmClients client = arm();
            WorkspaceState state = workspace.state().orElseThrow();
            if (!state.nodes().isEmpty()) {
                context.log("the workspace already lists " + state.nodes().size() + " node(s) of run "
                        + state.attributes().getOrDefault(RUN, "?") + "; reusing them");
                writeInventory(state.nodes(), context);
                return;
            }
            RunTags tags = RunTags.start(spec.name(), spec.azure().ttl(), spec.reuse());
            String group = "mb-" + tags.runId();
            ClusterPlan plan = ClusterPlan.of(spec);
            context.log("run " + tags.runId() + " in " + region + ", resource group " + group + ": "
                    + plan.nodes().size() + " node(s)"
                    + tags.expires().map(e -> ", reapable after " + e).orElse(", kept (reuse)"));
            ArmPreflight.Findings findings = new ArmPreflight(client, region, context::log).check(plan, strict);
            String sshCidr = spec.azure().sshCidr().orElseGet(executorAddress);
            context.log("SSH admitted from " + sshCidr + " only, to the bastion");
            // recorded before the group exists: a rollback or 'mayabench down' deletes it by this name
            workspace.updateState(s -> s.withAttribute(REGION, region).withAttribute(RUN, tags.runId())
                    .withAttribute(GROUP, group).withAttribute(SUBSCRIPTION, client.subscription())
                    .withAttribute(ENDPOINT, spec.azure().endpoint().map(Object::toString).orElse("")));

            ArmProvisioning provisioning = new ArmProvisioning(client, workspace, tags, group, region, timings,
                    context::log);
            createRollingBack(context, "azure", timings.deleteDeadline(),
                    () -> provisioning.create(plan, findings, spec.azure(), sshCidr),
                    provisioning::cancel, e -> {
                GroupTeardown.Result result = tearDown(client, context);
                return new ProvisioningException(e.getMessage() + "; rolled back: "
                        + (result.complete() ? "everything deleted (resource group " + group + ")"
                        : "STILL THERE: " + result.remaining()), e);
            });
        }
    }

    /** Deletes the run's resource group. */
    final class TeardownStage implements Stage {

        @Override
        public StageName name() {
            return StageName.TEARDOWN;
        }

        @Override
        public void run(StageContext context) {
            tearDownCluster(context);
            WorkspaceState state = workspace.state().orElseThrow();
            if (!state.attributes().containsKey(GROUP) || state.attributes().get(GROUP).isEmpty()) {
                context.log("nothing to delete");
                return;
            }
            GroupTeardown.Result result = tearDown(arm(), context);
            if (!result.complete()) {
                throw new ProvisioningException("teardown of cluster " + spec.name() + " left "
                        + result.remaining() + "; it is still listed in " + workspace.file("state.json")
                        + ": run 'mayabench down " + spec.name() + "' to try again", null);
            }
        }
    }

    private GroupTeardown.Result tearDown(ArmClients client, StageContext context) {
        return tearDown(client, workspace, timings, context::log);
    }

    /** Deletes the group the workspace's state names and, once it is gone, forgets its resources and nodes. */
    static GroupTeardown.Result tearDown(ArmClients client, Workspace workspace, Timings timings,
                                         java.util.function.Consumer<String> progress) {
        String group = workspace.state().orElseThrow().attributes().getOrDefault(GROUP, "");
        if (group.isEmpty()) {
            return new GroupTeardown.Result(true, "");
        }
        GroupTeardown.Result result = new GroupTeardown(client, timings, progress).delete(group);
        if (result.complete()) {
            workspace.updateState(s -> {
                WorkspaceState cleared = s.withNodes(List.of()).withAttribute(GROUP, "");
                for (WorkspaceState.CreatedResource r : s.resources()) {
                    cleared = cleared.withoutResource(r);
                }
                return cleared;
            });
        }
        return result;
    }
}
