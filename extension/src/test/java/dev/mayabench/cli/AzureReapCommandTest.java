package dev.mayabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.management.Region;
import dev.mayabench.fixtures.azure.FakeArm;
import dev.mayabench.provision.RunLease;
import dev.mayabench.provision.azure.ArmClients;
import dev.mayabench.provision.azure.AzureClusters;
import dev.mayabench.provision.azure.FakeArmClients;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mayabench reap|down|list} for azure, through the real command line, with Resource Manager being the fake
 * ARM endpoint: the commands' connector is swapped for one that returns clients for the fake (its own token and TLS
 * trust), the way the aws command tests point {@code --endpoint} at the fake EC2.
 */
class AzureReapCommandTest {

    @TempDir
    Path dir;
    FakeArm arm;
    ArmClients clients;
    final List<Optional<String>> subscriptionsAsked = new ArrayList<>();

    @BeforeEach
    void start() {
        arm = FakeArm.start();
        clients = FakeArmClients.of(arm);
    }

    @AfterEach
    void stop() {
        assertThat(arm.unservedRequests()).as("requests the fake does not serve").isEmpty();
        arm.close();
    }

    record Result(int status, String out, String err) {
    }

    /** The real command line, with the azure connector of reap, down and list answering with the fake. */
    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Mayabench.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        AzureClusters.Connector fake = (subscription, endpoint) -> {
            subscriptionsAsked.add(subscription);
            return clients;
        };
        ((ReapCommand) line.getSubcommands().get("reap").getCommand()).azure = fake;
        ((DownCommand) line.getSubcommands().get("down").getCommand()).azure = fake;
        ((ListCommand) line.getSubcommands().get("list").getCommand()).azure = fake;
        int status = line.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    void group(String name, String run, Instant created, String expires, String owner) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RunLease.RUN, run);
        tags.put(RunLease.CLUSTER, run.substring(0, run.indexOf('-')));
        tags.put(RunLease.CREATED, created.toString());
        tags.put(RunLease.EXPIRES, expires);
        tags.put(RunLease.OWNER, owner);
        clients.resources().resourceGroups().define(name).withRegion(Region.EUROPE_NORTH).withTags(tags).create();
    }

    List<String> liveGroups() {
        return arm.liveResources().stream().filter(r -> r.type().equals("Microsoft.Resources/resourceGroups"))
                .map(r -> r.id().substring(r.id().lastIndexOf('/') + 1)).toList();
    }

    /** A pid on this host whose process really ran and is gone now. */
    static long deadPid() throws Exception {
        Process process = new ProcessBuilder("sleep", "300").start();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }

    @Test
    void reapDeletesExpiredAndDeadOwnersGroupsAndKeepsLiveAndKeptOnes() throws Exception {
        Instant now = Instant.now();
        String alive = RunLease.currentOwner();
        group("mb-expired", "expired-1", now.minus(Duration.ofHours(5)), now.minusSeconds(60).toString(), alive);
        group("mb-dead", "dead-1", now.minusSeconds(600), now.plusSeconds(3600).toString(),
                RunLease.localHost() + "/" + deadPid());
        group("mb-live", "live-1", now.minusSeconds(60), now.plusSeconds(3600).toString(), alive);
        group("mb-kept", "kept-1", now.minus(Duration.ofDays(3)), RunLease.NEVER, "gone-host/1");

        Result reap = run("reap", "--provider", "azure", "--subscription", arm.subscriptionId());

        assertThat(reap.status()).as(reap.out() + reap.err()).isZero();
        assertThat(liveGroups()).containsExactlyInAnyOrder("mb-live", "mb-kept");
        assertThat(reap.out())
                .contains("deleting run expired-1 (cluster expired): expired at")
                .contains("deleting run dead-1 (cluster dead): its process " + RunLease.localHost() + "/")
                .contains("is gone (a killed run)")
                .contains("resource group mb-expired in northeurope and everything in it")
                .contains("deleted resource group mb-dead in ")
                .contains("keeping run live-1 (cluster live, resource group mb-live in northeurope, expires ")
                .contains("keeping run kept-1 (cluster kept, resource group mb-kept in northeurope, kept with reuse)")
                .contains("2 of 4 run(s) deleted in subscription " + arm.subscriptionId());
        assertThat(subscriptionsAsked).containsExactly(Optional.of(arm.subscriptionId()));
    }

    @Test
    void dryRunSaysWhatWouldGoAndDeletesNothing() {
        Instant now = Instant.now();
        group("mb-expired", "expired-1", now.minus(Duration.ofHours(5)), now.minusSeconds(60).toString(), "h/1");

        Result dryRun = run("reap", "--provider", "azure", "--dry-run");

        assertThat(dryRun.status()).isZero();
        assertThat(dryRun.out()).contains("would delete run expired-1").contains("1 of 1 run(s) would be deleted");
        assertThat(liveGroups()).containsExactly("mb-expired");
        assertThat(arm.calls("Microsoft.Resources/subscriptions/resourceGroups/delete")).isZero();
    }

    @Test
    void olderThanAlsoDeletesLiveRunsCreatedLongerAgoAndIncludeKeptTakesKeptOnes() {
        Instant now = Instant.now();
        String alive = RunLease.currentOwner();
        group("mb-old", "old-1", now.minus(Duration.ofHours(3)), now.plusSeconds(3600).toString(), alive);
        group("mb-young", "young-1", now.minus(Duration.ofMinutes(30)), now.plusSeconds(3600).toString(), alive);
        group("mb-kept", "kept-1", now.minus(Duration.ofDays(3)), RunLease.NEVER, alive);

        Result keep = run("reap", "--provider", "azure");
        assertThat(keep.status()).isZero();
        assertThat(liveGroups()).hasSize(3);

        Result reap = run("reap", "--provider", "azure", "--older-than", "2h");

        assertThat(reap.status()).as(reap.err()).isZero();
        assertThat(reap.out()).contains("deleting run old-1 (cluster old): created at").contains("more than 120 min ago");
        assertThat(liveGroups()).containsExactlyInAnyOrder("mb-young", "mb-kept");

        Result kept = run("reap", "--provider", "azure", "--include-kept");

        assertThat(kept.out()).contains("deleting run kept-1 (cluster kept): kept with reuse, and --include-kept");
        assertThat(liveGroups()).containsExactly("mb-young");
    }

    @Test
    void aRunKilledWithSigkillLeavesItsGroupWhichReapDeletesWithEverythingInIt() throws Exception {
        Path certificate = Files.write(dir.resolve("fake-arm.der"), arm.certificate().getEncoded());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AzureRunThatGetsKilled.class.getName(),
                arm.endpoint().toString(), arm.tenantId(), arm.subscriptionId(), certificate.toString())
                .redirectErrorStream(true);
        builder.environment().put("FAKE_ARM_TOKEN", arm.token());
        Process run = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(run.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("ready ")) {
                output.add(line);
            }
            assertThat(line).as("the run's output: %s", output).isNotNull();
            run.destroyForcibly();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(liveGroups()).containsExactly("mb-killed-" + run.pid());
        assertThat(arm.liveResources()).hasSize(2);

        Result reap = run("reap", "--provider", "azure");

        assertThat(reap.status()).as(reap.err()).isZero();
        assertThat(reap.out()).contains("deleting run killed-" + run.pid() + " (cluster killed): its process "
                + RunLease.localHost() + "/" + run.pid() + " is gone (a killed run)").contains("1 of 1 run(s) deleted");
        assertThat(arm.liveResources()).isEmpty();
    }

    @Test
    void aGroupArmWillNotDeleteIsReportedNotDeletedWithTheReasonAndExitCodeOne() {
        Instant now = Instant.now();
        group("mb-stuck", "stuck-1", now, now.minusSeconds(1).toString(), "h/1");
        group("mb-fine", "fine-1", now, now.minusSeconds(1).toString(), "h/1");
        // the first deletion's calls are all throttled, more often than the SDK retries (azure-facts.md 1.3)
        arm.throttle("Microsoft.Resources/subscriptions/resourceGroups/delete", 4, 1);

        Result reap = run("reap", "--provider", "azure");

        assertThat(reap.status()).isEqualTo(1);
        assertThat(reap.err()).contains("NOT deleted: resource group mb-stuck: TooManyRequests")
                .contains("(HTTP 429)");
        assertThat(reap.out()).contains("1 of 2 run(s) deleted").contains("1 NOT deleted, see above");
        assertThat(liveGroups()).containsExactly("mb-stuck");
    }

    @Test
    void aTaggedGroupNotNamedByMayabenchIsListedAsUntouched() {
        group("team-db", "copied-1", Instant.EPOCH, Instant.EPOCH.toString(), "h/1");

        Result reap = run("reap", "--provider", "azure", "--include-kept", "--older-than", "1m");

        assertThat(reap.status()).isZero();
        assertThat(reap.out()).contains("not touching resource group team-db in northeurope")
                .contains("0 of 1 run(s) deleted");
        assertThat(liveGroups()).containsExactly("team-db");
    }

    @Test
    void downOfAnAzureWorkspaceDeletesItsGroupAndClearsTheState() {
        Instant now = Instant.now();
        group("mb-demo-1", "demo-1", now, now.plusSeconds(3600).toString(), RunLease.currentOwner());
        Path directory = dir.resolve("demo");
        Workspace workspace = Workspace.open(directory);
        workspace.writeState(WorkspaceState.fresh("demo", "azure", "id")
                .withAttribute(AzureClusters.GROUP, "mb-demo-1")
                .withAttribute(AzureClusters.SUBSCRIPTION, arm.subscriptionId())
                .withAttribute(AzureClusters.REGION, "northeurope")
                .withResource(new WorkspaceState.CreatedResource("azure-group", "mb-demo-1", "the run's group")));

        Result down = run("down", "demo", "--workspace", directory.toString());

        assertThat(down.status()).as(down.out() + down.err()).isZero();
        assertThat(down.out()).contains("deleted resource group mb-demo-1").contains("cluster 'demo' is gone");
        assertThat(liveGroups()).isEmpty();
        assertThat(workspace.state().orElseThrow().resources()).isEmpty();
        assertThat(subscriptionsAsked).containsExactly(Optional.of(arm.subscriptionId()));
    }

    @Test
    void listShowsAnAzureWorkspacesGroupAndRegionAndWithCloudTheTaggedGroups() {
        Instant now = Instant.now();
        group("mb-demo-1", "demo-1", now, RunLease.NEVER, "h/1");
        Path build = dir.resolve("target");
        Workspace workspace = Workspace.open(build.resolve("mayabench").resolve("demo"));
        workspace.writeState(WorkspaceState.fresh("demo", "azure", "id")
                .withAttribute(AzureClusters.GROUP, "mb-demo-1")
                .withAttribute(AzureClusters.REGION, "northeurope"));

        Result list = run("list", "--build-dir", build.toString(), "--cloud", "--provider", "azure",
                "--subscription", arm.subscriptionId());

        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains("demo  provider azure").contains("  resource group mb-demo-1  region northeurope")
                .contains("1 tagged resource group(s) in subscription " + arm.subscriptionId())
                .contains("demo-1  cluster demo  resource group mb-demo-1  region northeurope  kept  owner h/1");
    }

    @Test
    void anUnknownProviderOrAnAwsOnlyOptionIsAUsageErrorThatSaysWhatToUse() {
        Result gcp = run("reap", "--provider", "gcp");
        Result region = run("reap", "--provider", "azure", "--region", "eu-west-1");
        Result subscription = run("reap", "--subscription", "x");

        assertThat(gcp.status()).isEqualTo(2);
        assertThat(gcp.err()).contains("--provider 'gcp'").contains("--provider aws (the default) or --provider azure");
        assertThat(region.status()).isEqualTo(2);
        assertThat(region.err()).contains("--region is for aws");
        assertThat(subscription.status()).isEqualTo(2);
        assertThat(subscription.err()).contains("--subscription is for --provider azure");
        assertThat(subscriptionsAsked).isEmpty();
    }

    @Test
    void theEmulatorEndpointIsPassedToTheConnector() {
        List<Optional<URI>> endpoints = new ArrayList<>();
        StringWriter out = new StringWriter();
        CommandLine line = Mayabench.commandLine();
        line.setOut(new PrintWriter(out, true));
        ((ReapCommand) line.getSubcommands().get("reap").getCommand()).azure = (subscription, endpoint) -> {
            endpoints.add(endpoint);
            return clients;
        };

        int status = line.execute("reap", "--provider", "azure", "--endpoint", arm.endpoint().toString());

        assertThat(status).isZero();
        assertThat(endpoints).containsExactly(Optional.of(arm.endpoint()));
        assertThat(out.toString()).contains("no resource groups tagged mayabench:run in subscription");
    }
}
