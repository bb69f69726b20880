package dev.mayabench.provision.aws;

import dev.mayabench.ansible.NodeStages;
import dev.mayabench.kube.KubeStages;
import dev.mayabench.ansible.Inventory;
import dev.mayabench.ansible.SshClientConfig;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.provision.MachineProvisioner;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The {@code aws} provider: its provision stage creates the machines on EC2 ({@link Ec2Provisioning}, after
 * {@link Ec2Preflight} asked EC2 whether the plan can work) and its teardown stage deletes everything
 * {@code state.json} lists ({@link Ec2Teardown}). A provision stage that fails half-way deletes what it created
 * before it reports the original cause; a JVM shut down while it runs (Ctrl-C) stops creating and deletes what
 * exists before the JVM exits.
 *
 * <p>Between the two run the node stages ({@link NodeStages}: tunnel through the bastion, the Kubernetes
 * installer, node preparation) and the deploy stage ({@link KubeStages}: Mayastor, pools, StorageClass); fio
 * runs in pods. Teardown deletes the cluster's objects first (best effort: they go with the machines anyway),
 * then the machines. {@link #preflight()} checks Ansible before anything is created, unless the user skips
 * the stages that need it.
 *
 * <pre>{@code
 * AwsProvisioner aws = new AwsProvisioner(spec, workspace, Timings.AWS);
 * Pipeline.Builder pipeline = Pipeline.builder(workspace);
 * aws.contributeStages(pipeline);
 * pipeline.build().setUp();   // machines are running, nodes and known_hosts are in the workspace
 * }</pre>
 */
final class AwsProvisioner extends MachineProvisioner {

    static final String REGION = "aws.region";
    static final String ENDPOINT = "aws.endpoint";
    static final String RUN = "aws.run";

    private final Timings timings;
    private final boolean strict;
    private final Supplier<String> executorAddress;
    private Ec2Client ec2;

    AwsProvisioner(ClusterSpec spec, Workspace workspace, Timings timings) {
        this(spec, workspace, timings, spec.strict(), ExecutorAddress::detect);
    }

    AwsProvisioner(ClusterSpec spec, Workspace workspace, Timings timings, boolean strict,
                   Supplier<String> executorAddress) {
        super(spec, workspace);
        this.timings = timings;
        this.strict = strict;
        this.executorAddress = executorAddress;
    }

    @Override
    public String name() {
        return "aws";
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
        facts.put("aws region", s.attributes().getOrDefault(REGION, ""));
        facts.put("aws run", s.attributes().getOrDefault(RUN, ""));
    }

    private synchronized Ec2Client ec2(String region) {
        if (ec2 == null) {
            ec2 = Ec2Clients.create(region, spec.aws().endpoint());
        }
        return ec2;
    }

    private synchronized void closeClient() {
        if (ec2 != null) {
            ec2.close();
            ec2 = null;
        }
    }

    /** Creates the machines, or finds them again when a kept cluster's state already lists them. */
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
            String region = Ec2Clients.region(spec.region());
            Ec2Clients.requireCredentials(DefaultCredentialsProvider.builder().build());
            Ec2Client client = ec2(region);
            WorkspaceState state = workspace.state().orElseThrow();
            if (!state.nodes().isEmpty()) {
                context.log("the workspace already lists " + state.nodes().size() + " node(s) of run "
                        + state.attributes().getOrDefault(RUN, "?") + "; reusing them");
                writeInventory(state.nodes(), context);
                return;
            }
            RunTags tags = RunTags.start(spec.name(), spec.aws().ttl(), spec.reuse());
            workspace.updateState(s -> s.withAttribute(REGION, region).withAttribute(RUN, tags.runId())
                    .withAttribute(ENDPOINT, spec.aws().endpoint().map(Object::toString).orElse("")));
            ClusterPlan plan = ClusterPlan.of(spec);
            context.log("run " + tags.runId() + " in " + region + ": " + plan.nodes().size() + " node(s)"
                    + tags.expires().map(e -> ", reapable after " + e).orElse(", kept (reuse)"));
            Ec2Preflight.Findings findings = new Ec2Preflight(client, region, context::log)
                    .check(plan, spec.aws().zone(), spec.aws().ami(), strict);
            String sshCidr = spec.aws().sshCidr().orElseGet(executorAddress);
            context.log("SSH admitted from " + sshCidr + " only");
            context.log(new CreationPlan(spec, plan, tags, region, findings, sshCidr).text());

            Ec2Provisioning provisioning = new Ec2Provisioning(client, workspace, tags, timings, context::log);
            createRollingBack(context, "aws", timings.deleteDeadline(),
                    () -> provisioning.create(plan, findings, spec.aws().rootVolumeGiB(), sshCidr),
                    provisioning::cancel, e -> {
                Ec2Teardown.Result result = tearDown(client, context);
                return new ProvisioningException(e.getMessage() + "; rolled back: "
                        + (result.complete() ? "every resource of the run was deleted"
                        : "deleted " + result.removed().size() + ", STILL THERE: " + result.describeRemaining()
                        + " (run 'mayabench down " + spec.name() + "' or 'mayabench reap' to retry)"), e);
            });
        }
    }

    /** Deletes every EC2 resource {@code state.json} lists. */
    final class TeardownStage implements Stage {

        @Override
        public StageName name() {
            return StageName.TEARDOWN;
        }

        @Override
        public void run(StageContext context) {
            tearDownCluster(context);
            WorkspaceState state = workspace.state().orElseThrow();
            if (state.resources().isEmpty()) {
                context.log("nothing to delete");
                closeClient();
                return;
            }
            String region = Optional.ofNullable(state.attributes().get(REGION)).filter(r -> !r.isEmpty())
                    .orElseGet(() -> Ec2Clients.region(spec.region()));
            try {
                Ec2Teardown.Result result = tearDown(ec2(region), context);
                if (!result.complete()) {
                    throw new ProvisioningException("teardown of cluster " + spec.name() + " left resources in "
                            + region + ": " + result.describeRemaining() + "; they are still listed in "
                            + workspace.file("state.json") + ": run 'mayabench down " + spec.name()
                            + "' to try again", null);
                }
            } finally {
                closeClient();
            }
        }
    }

    private Ec2Teardown.Result tearDown(Ec2Client client, StageContext context) {
        return tearDown(client, workspace, timings, context::log);
    }

    /** Deletes what the workspace's state lists and removes each deleted resource from it. */
    static Ec2Teardown.Result tearDown(Ec2Client client, Workspace workspace, Timings timings,
                                       java.util.function.Consumer<String> progress) {
        WorkspaceState state = workspace.state().orElseThrow();
        List<Ec2Resource> resources = state.resources().stream()
                .map(Ec2Resource::fromCreated).flatMap(Optional::stream).toList();
        progress.accept("deleting " + resources.size() + " resource(s) of cluster " + state.cluster());
        Ec2Teardown.Result result = new Ec2Teardown(client, timings, progress).delete(resources,
                removed -> workspace.updateState(s -> s.resources().stream()
                        .filter(c -> Ec2Resource.fromCreated(c).filter(removed::equals).isPresent())
                        .findFirst().map(s::withoutResource).orElse(s)));
        if (result.complete()) {
            workspace.updateState(s -> s.withNodes(List.of()));
        }
        return result;
    }
}
