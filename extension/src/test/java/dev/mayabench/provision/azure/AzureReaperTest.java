package dev.mayabench.provision.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.management.Region;
import dev.mayabench.fixtures.azure.FakeArm;
import dev.mayabench.provision.RunLease;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AzureReaper} and {@link AzureClusters#down} against the fake ARM endpoint. */
class AzureReaperTest {

    FakeArm arm;
    ArmClients clients;
    final List<String> progress = new ArrayList<>();

    @TempDir
    Path dir;

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

    /** A group as the azure provider makes it: the run's tags (RunTags' keys) on the group. */
    static Map<String, String> tags(String run, Instant created, String expires, String owner) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RunLease.RUN, run);
        tags.put(RunLease.CLUSTER, "demo");
        tags.put(RunLease.CREATED, created.toString());
        tags.put(RunLease.EXPIRES, expires);
        tags.put(RunLease.OWNER, owner);
        return tags;
    }

    void group(String name, Map<String, String> tags) {
        clients.resources().resourceGroups().define(name).withRegion(Region.EUROPE_WEST).withTags(tags).create();
    }

    @Test
    void everyGroupCarryingTheRunTagIsARunWithItsRegionClusterAndLeaseOldestFirst() {
        Instant now = Instant.now();
        group("mb-newer", tags("newer-1", now.minusSeconds(60), now.plusSeconds(3600).toString(), "h/1"));
        group("mb-older", tags("older-1", now.minusSeconds(7200), RunLease.NEVER, "h/2"));
        group("someone-elses", Map.of("team", "db"));

        List<AzureReaper.Run> runs = new AzureReaper(clients).runs();

        assertThat(runs).extracting(AzureReaper.Run::group).containsExactly("mb-older", "mb-newer");
        assertThat(runs.get(0).region()).isEqualTo("westeurope");
        assertThat(runs.get(0).cluster()).isEqualTo("demo");
        assertThat(runs.get(0).kept()).isTrue();
        assertThat(runs.get(1).expires()).isPresent();
    }

    @Test
    void tagNamesAreMatchedIgnoringCaseAsArmDoes() {
        Instant now = Instant.now();
        group("mb-upper", Map.of("Mayabench:Run", "upper-1", "MAYABENCH:EXPIRES", now.minusSeconds(1).toString()));

        List<AzureReaper.Run> runs = new AzureReaper(clients).runs();

        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.id()).isEqualTo("upper-1");
            assertThat(run.dueBecause(now, Optional.empty(), false)).get().asString().startsWith("expired at");
        });
    }

    @Test
    void aTaggedGroupMayabenchDidNotNameIsNeverDueAndNeverDeleted() {
        group("team-database", tags("copied-1", Instant.EPOCH, Instant.EPOCH.toString(), "h/1"));
        AzureReaper reaper = new AzureReaper(clients);

        AzureReaper.Run run = reaper.runs().get(0);
        Map<String, String> remaining = reaper.delete(run, progress::add);

        assertThat(run.named()).isFalse();
        assertThat(run.dueBecause(Instant.now(), Optional.of(Duration.ofMinutes(1)), true)).isEmpty();
        assertThat(remaining).containsOnlyKeys("resource group team-database");
        assertThat(remaining.values().iterator().next()).contains("only groups it named mb-");
        assertThat(arm.liveResources()).hasSize(1);
        assertThat(arm.calls("Microsoft.Resources/subscriptions/resourceGroups/delete")).isZero();
    }

    @Test
    void deletingARunDeletesItsGroupWithEverythingInItAndSaysSo() {
        group("mb-full", tags("full-1", Instant.now(), Instant.now().toString(), "h/1"));
        clients.network().networks().define("mb-vnet").withRegion(Region.EUROPE_WEST)
                .withExistingResourceGroup("mb-full").withAddressSpace("10.42.0.0/16").create();
        assertThat(arm.liveResources()).hasSize(2);
        AzureReaper reaper = new AzureReaper(clients);

        Map<String, String> remaining = reaper.delete(reaper.runs().get(0), progress::add);

        assertThat(remaining).isEmpty();
        assertThat(arm.liveResources()).isEmpty();
        assertThat(progress).first().asString().isEqualTo("deleting resource group mb-full and everything in it");
        assertThat(progress).last().asString().startsWith("deleted resource group mb-full in ");
    }

    @Test
    void aGroupThatIsAlreadyGoneCountsAsDeleted() {
        Map<String, String> remaining = new AzureReaper(clients).deleteGroup("mb-gone", progress::add);

        assertThat(remaining).isEmpty();
        assertThat(progress).contains("resource group mb-gone was already gone");
    }

    @Test
    void aDeletionArmRefusesIsReportedAsRemainingWithArmsCodeAndTheGroupStays() {
        group("mb-throttled", tags("throttled-1", Instant.now(), Instant.EPOCH.toString(), "h/1"));
        // more 429s than the SDK's three retries (fixtures/azure-facts.md section 1.3)
        arm.throttle("Microsoft.Resources/subscriptions/resourceGroups/delete", 10, 1);

        Map<String, String> remaining = new AzureReaper(clients).deleteGroup("mb-throttled", progress::add);

        assertThat(remaining).containsOnlyKeys("resource group mb-throttled");
        assertThat(remaining.get("resource group mb-throttled")).contains("TooManyRequests").contains("HTTP 429");
        assertThat(arm.liveResources()).extracting(FakeArm.LiveResource::id)
                .singleElement().asString().endsWith("/resourceGroups/mb-throttled");
    }

    @Test
    void aResourceManagerThatCannotBeReachedIsReportedAsRemainingNotThrown() {
        ArmClients unreachable;
        try (FakeArm gone = FakeArm.start()) {
            unreachable = FakeArmClients.of(gone);
        }

        Map<String, String> remaining = new AzureReaper(unreachable).deleteGroup("mb-unreachable", progress::add);

        assertThat(remaining).containsOnlyKeys("resource group mb-unreachable");
        assertThat(remaining.get("resource group mb-unreachable"))
                .startsWith("Resource Manager could not be reached while deleting it (");
    }

    @Test
    void downDeletesTheGroupTheStateNamesThenClearsResourcesAndNodesButKeepsTheAttributes() {
        group("mb-down", tags("down-1", Instant.now(), Instant.now().plusSeconds(3600).toString(),
                RunLease.currentOwner()));
        group("mb-other", tags("other-1", Instant.now(), Instant.now().plusSeconds(3600).toString(),
                RunLease.currentOwner()));
        Workspace workspace = Workspace.open(dir.resolve("down"));
        workspace.writeState(WorkspaceState.fresh("down", "azure", "id")
                .withAttribute(AzureClusters.GROUP, "mb-down")
                .withAttribute(AzureClusters.SUBSCRIPTION, arm.subscriptionId())
                .withResource(new WorkspaceState.CreatedResource("azure-group", "mb-down", "the run's group"))
                .withNodes(List.of(new ClusterNode("storage-1", Set.of(NodeRole.STORAGE), "10.0.0.4",
                        Optional.empty(), 22, "azureuser", Optional.empty()))));
        List<Optional<String>> asked = new ArrayList<>();

        Map<String, String> remaining = AzureClusters.down(workspace, (subscription, endpoint) -> {
            asked.add(subscription);
            assertThat(endpoint).isEmpty();
            return clients;
        }, progress::add);

        assertThat(remaining).isEmpty();
        assertThat(asked).containsExactly(Optional.of(arm.subscriptionId()));
        assertThat(arm.liveResources()).extracting(FakeArm.LiveResource::id)
                .singleElement().asString().endsWith("/resourceGroups/mb-other");
        WorkspaceState after = workspace.state().orElseThrow();
        assertThat(after.resources()).isEmpty();
        assertThat(after.nodes()).isEmpty();
        assertThat(after.attributes()).containsEntry(AzureClusters.GROUP, "mb-down");

        // a second down finds the group gone and succeeds
        assertThat(AzureClusters.down(workspace, (s, e) -> clients, progress::add)).isEmpty();
    }

    @Test
    void anEmulatorEndpointReplacesOnlyTheResourceManagerUrlAndTheTokenIsStillForAzuresManagementAudience() {
        ArmClients emulator = AzureClusters.connect(Optional.of("00000000-0000-0000-0000-000000000001"),
                Optional.of(java.net.URI.create("https://127.0.0.1:8443")));

        assertThat(emulator.subscription()).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(emulator.resources().serviceClient().getEndpoint()).isEqualTo("https://127.0.0.1:8443/");
        assertThat(emulator.compute().environment().getResourceManagerEndpoint()).isEqualTo("https://127.0.0.1:8443/");
        assertThat(emulator.resources().environment().getManagementEndpoint())
                .isEqualTo(com.azure.core.management.AzureEnvironment.AZURE.getManagementEndpoint());
    }

    @Test
    void downThatCannotDeleteTheGroupKeepsTheStateAsItWas() {
        group("mb-stuck", tags("stuck-1", Instant.now(), Instant.now().toString(), "h/1"));
        arm.throttle("Microsoft.Resources/subscriptions/resourceGroups/delete", 10, 1);
        Workspace workspace = Workspace.open(dir.resolve("stuck"));
        WorkspaceState before = WorkspaceState.fresh("stuck", "azure", "id")
                .withAttribute(AzureClusters.GROUP, "mb-stuck")
                .withResource(new WorkspaceState.CreatedResource("azure-group", "mb-stuck", ""));
        workspace.writeState(before);

        Map<String, String> remaining = AzureClusters.down(workspace, (s, e) -> clients, progress::add);

        assertThat(remaining).containsOnlyKeys("resource group mb-stuck");
        assertThat(workspace.state().orElseThrow().resources()).isEqualTo(before.resources());
    }
}
