package dev.mayabench.provision.aws;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * What the {@code mayabench} command does with AWS clusters outside a test run: create one from the settings
 * ({@code up}) and delete one from its workspace ({@code down}).
 *
 * <pre>{@code
 * List<ClusterNode> nodes = AwsClusters.up(ClusterSpec.load(null, ConfigSources.current()), workspace,
 *         Duration.ofSeconds(5), AwsClusters.SshSource.detected(), false);
 * Map<String, String> left = AwsClusters.down(workspace, Duration.ofSeconds(5), System.out::println);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class AwsClusters {

    private AwsClusters() {
    }

    /**
     * Runs the provision stage for the spec into the workspace and returns the nodes; on failure everything
     * created is deleted again and the exception says so. {@code strict} (or the spec's {@code strict}) turns
     * warnings about the plan, such as a storage type without local NVMe, into errors before anything is made.
     */
    public static List<ClusterNode> up(ClusterSpec spec, Workspace workspace, Duration poll,
                                       SshSource sshSource, boolean strict) {
        if (workspace.state().isEmpty()) {
            workspace.writeState(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()));
        }
        AwsProvisioner provisioner = new AwsProvisioner(spec, workspace, timings(poll), strict || spec.strict(),
                sshSource::cidr);
        Pipeline.Builder pipeline = Pipeline.builder(workspace)
                .skippedByUser(Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(StageName.PROVISION))));
        pipeline.stage(provisioner.new ProvisionStage());
        pipeline.build().setUp();
        return workspace.state().orElseThrow().nodes();
    }

    /**
     * What {@link #up} would create, as text, without creating anything: EC2 is only asked read-only questions
     * (instance types, zones, the image), the same as before a real run, so the plan names the zone and image a
     * real run would use and fails for the same bad settings.
     */
    public static String plan(ClusterSpec spec, SshSource sshSource, boolean strict) {
        String region = Ec2Clients.region(spec.region());
        Ec2Clients.requireCredentials(software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder()
                .build());
        try (Ec2Client ec2 = Ec2Clients.create(region, spec.aws().endpoint())) {
            ClusterPlan plan = ClusterPlan.of(spec);
            Ec2Preflight.Findings findings = new Ec2Preflight(ec2, region, line -> { })
                    .check(plan, spec.aws().zone(), spec.aws().ami(), strict || spec.strict());
            String sshCidr = spec.aws().sshCidr().orElseGet(sshSource::cidr);
            return new CreationPlan(spec, plan, RunTags.start(spec.name(), spec.aws().ttl(), spec.reuse()), region,
                    findings, sshCidr).text();
        }
    }

    /** Where the security group admits SSH from when {@code aws.sshCidr} is not set. */
    @FunctionalInterface
    public interface SshSource {
        /** A CIDR block such as {@code 198.51.100.7/32}. */
        String cidr();

        /** This machine's public address, asked of {@code checkip.amazonaws.com}. */
        static SshSource detected() {
            return ExecutorAddress::detect;
        }
    }

    /**
     * Deletes every EC2 resource the workspace's {@code state.json} lists, in dependency order, and removes each
     * from the state as it goes; returns what is still there, with why (empty when everything is gone).
     */
    public static Map<String, String> down(Workspace workspace, Duration poll, Consumer<String> progress) {
        WorkspaceState state = workspace.state().orElseThrow(() -> new IllegalArgumentException(
                "there is no state.json in " + workspace.directory() + ", so mayabench does not know what to "
                        + "delete; 'mayabench reap' finds tagged resources without it"));
        String region = Optional.ofNullable(state.attributes().get(AwsProvisioner.REGION)).filter(r -> !r.isEmpty())
                .orElseGet(() -> Ec2Clients.region(Optional.empty()));
        Optional<java.net.URI> endpoint = Optional.ofNullable(state.attributes().get(AwsProvisioner.ENDPOINT))
                .filter(e -> !e.isEmpty()).map(java.net.URI::create);
        try (Ec2Client ec2 = Ec2Clients.create(region, endpoint)) {
            Ec2Teardown.Result result = AwsProvisioner.tearDown(ec2, workspace, timings(poll), progress);
            Map<String, String> remaining = new LinkedHashMap<>();
            result.remaining().forEach((r, why) -> remaining.put(r.toString(), why));
            return remaining;
        }
    }

    private static Timings timings(Duration poll) {
        return new Timings(poll, Timings.AWS.bootDeadline(), Timings.AWS.deleteDeadline());
    }
}
