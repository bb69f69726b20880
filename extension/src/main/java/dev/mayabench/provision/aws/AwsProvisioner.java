package dev.mayabench.provision.aws;

import dev.mayabench.ansible.Ansible;
import dev.mayabench.ansible.Installer;
import dev.mayabench.ansible.NodeStages;
import dev.mayabench.kube.KubeStages;
import dev.mayabench.ansible.Inventory;
import dev.mayabench.ansible.SshClientConfig;
import dev.mayabench.ansible.UserPlaybooksStage;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.provision.KubernetesProvisioner;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
final class AwsProvisioner extends KubernetesProvisioner {

    static final String REGION = "aws.region";
    static final String ENDPOINT = "aws.endpoint";
    static final String RUN = "aws.run";

    private final ClusterSpec spec;
    private final Workspace workspace;
    private final Timings timings;
    private final boolean strict;
    private final Supplier<String> executorAddress;
    private Ec2Client ec2;
    private NodeStages nodeStages;

    AwsProvisioner(ClusterSpec spec, Workspace workspace, Timings timings) {
        this(spec, workspace, timings, spec.strict(), ExecutorAddress::detect);
    }

    AwsProvisioner(ClusterSpec spec, Workspace workspace, Timings timings, boolean strict,
                   Supplier<String> executorAddress) {
        super(new KubeStages(spec, workspace));
        this.spec = spec;
        this.workspace = workspace;
        this.timings = timings;
        this.strict = strict;
        this.executorAddress = executorAddress;
    }

    @Override
    public String name() {
        return "aws";
    }

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
        pipeline.stage(new ProvisionStage());
        nodeStages().contributeTo(pipeline);
        kube.contributeTo(pipeline);
        UserPlaybooksStage.contributeTo(pipeline, spec, installer(), new Ansible(), false);
        pipeline.stage(new TeardownStage());
    }

    private synchronized NodeStages nodeStages() {
        if (nodeStages == null) {
            nodeStages = new NodeStages(installer(), spec.hugepages(), new Ansible(), false);
        }
        return nodeStages;
    }

    private Installer installer() {
        return Installer.of(spec.kubernetes()).orElseThrow(() -> new IllegalStateException(
                "the configuration accepted kubernetes '" + spec.kubernetes() + "', which has no installer"));
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        workspace.state().ifPresent(s -> {
            facts.put("aws region", s.attributes().getOrDefault(REGION, ""));
            facts.put("aws run", s.attributes().getOrDefault(RUN, ""));
            for (ClusterNode node : s.nodes()) {
                facts.put("node " + node.name(), String.join(",", node.roles().stream().map(Object::toString)
                        .toList()) + " " + node.reachableAddress());
            }
        });
        facts.putAll(kube.facts());
        return facts;
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
            CountDownLatch finished = new CountDownLatch(1);
            Thread worker = Thread.currentThread();
            Thread onShutdown = new Thread(() -> {
                context.log("the JVM is shutting down during provisioning: stopping and deleting what exists");
                provisioning.cancel();
                worker.interrupt();
                try {
                    finished.await(timings.deleteDeadline().toSeconds() + 60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "mayabench-aws-provision-interrupted");
            Runtime.getRuntime().addShutdownHook(onShutdown);
            try {
                writeInventory(provisioning.create(plan, findings, spec.aws().rootVolumeGiB(), sshCidr), context);
            } catch (RuntimeException e) {
                // an interrupt meant for the waits must not abort the deletes too
                Thread.interrupted();
                Ec2Teardown.Result result = tearDown(client, context);
                throw new ProvisioningException(e.getMessage() + "; rolled back: "
                        + (result.complete() ? "every resource of the run was deleted"
                        : "deleted " + result.removed().size() + ", STILL THERE: " + result.describeRemaining()
                        + " (run 'mayabench down " + spec.name() + "' or 'mayabench reap' to retry)"), e);
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

    /** The inventory the later stages run their playbooks with, in the groups of the chosen installer. */
    private void writeInventory(List<ClusterNode> nodes, StageContext context) {
        Installer installer = Installer.of(spec.kubernetes()).orElseThrow(() -> new IllegalStateException(
                "the configuration accepted kubernetes '" + spec.kubernetes() + "', which has no installer"));
        Path inventory = Inventory.of(nodes, installer).write(workspace);
        context.log("inventory for " + installer + ": " + inventory);
    }

    /** Deletes every EC2 resource {@code state.json} lists. */
    final class TeardownStage implements Stage {

        @Override
        public StageName name() {
            return StageName.TEARDOWN;
        }

        @Override
        public void run(StageContext context) {
            // the cluster's objects go with the machines; deleting them first keeps a shared or simulated
            // API server clean, and an unreachable one must not stop the machines from being deleted
            List<String> left = kube.tearDown(context);
            if (!left.isEmpty()) {
                context.log("left in the cluster, deleted with its machines: " + left);
            }
            kube.close();
            if (nodeStages != null) {
                nodeStages.close();
            }
            kube.forgetDeployed();
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
