package dev.mayabench.benchmarks;

import com.azure.core.credential.AccessToken;
import com.azure.core.management.AzureEnvironment;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.fixtures.azure.FakeArm;
import dev.mayabench.provision.aws.Timings;
import dev.mayabench.provision.azure.ArmClients;
import dev.mayabench.provision.azure.AzureClusters;
import dev.mayabench.stage.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A benchmark, not a test: how the azure provider's provisioning time grows with the number of nodes. Provisions 3
 * and then 24 nodes on the fake ARM endpoint with 100 ms of latency on every call and a 2 s boot delay, deletes each
 * resource group, and prints the wall time of each and the ratio 24/3. Creating every node's NIC and VM and reading
 * its host keys in parallel keeps it near 1; one VM after another would make it about 8. Target: at most 1.5.
 *
 * <pre>
 * ./mvnw -q install -DskipTests &amp;&amp; ./mvnw -q -pl benchmarks test-compile exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=dev.mayabench.benchmarks.AzureProvisioningScale
 * </pre>
 */
public final class AzureProvisioningScale {

    private static final Timings TIMINGS = AzureClusters.timings(Duration.ofMillis(250));

    private AzureProvisioningScale() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (FakeArm fake = FakeArm.start()) {
            fake.latency(Duration.ofMillis(100)).bootDelay(Duration.ofSeconds(2));
            ArmClients arm = ArmClients.of(ctx -> Mono.just(new AccessToken(fake.token(),
                    OffsetDateTime.now().plusHours(1))), new AzureEnvironment(fake.environment()), fake.tenantId(),
                    fake.subscriptionId(), Optional.of(fake.clientTls()));
            Path root = Files.createTempDirectory("mayabench-azure-scale");
            provision(arm, root, 3, "warmup");
            double small = 0;
            double large = 0;
            for (int round = 1; round <= rounds; round++) {
                double three = provision(arm, root, 3, "three-" + round);
                double twentyFour = provision(arm, root, 24, "twentyfour-" + round);
                System.out.printf("round %d: 3 nodes %.2f s, 24 nodes %.2f s, ratio %.2f%n", round, three,
                        twentyFour, twentyFour / three);
                small += three;
                large += twentyFour;
            }
            System.out.printf("mean over %d rounds: 3 nodes %.2f s, 24 nodes %.2f s, ratio 24/3 = %.2f "
                    + "(target <= 1.5); ARM calls: VM writes %d%n", rounds, small / rounds, large / rounds,
                    large / small, fake.calls("Microsoft.Compute/virtualMachines/write"));
            if (!fake.liveResources().isEmpty()) {
                throw new IllegalStateException("teardown left " + fake.liveResources());
            }
            if (!fake.unservedRequests().isEmpty()) {
                throw new IllegalStateException("the fake did not serve " + fake.unservedRequests());
            }
        }
    }

    /** Provisions {@code nodes} nodes (one master, the rest storage) and returns the seconds it took; then deletes. */
    private static double provision(ArmClients arm, Path root, int nodes, String name) {
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of(
                "mayabench.name", name,
                "mayabench.provider", "azure",
                "mayabench.region", "eastus",
                "mayabench.storageNodes", Integer.toString(nodes - 1),
                "mayabench.workerNodes", "0",
                "mayabench.azure.sshCidr", "198.51.100.7/32"), Map.of()));
        Workspace workspace = Workspace.open(root.resolve(name));
        long t0 = System.nanoTime();
        AzureClusters.up(spec, workspace, TIMINGS, false, () -> "198.51.100.7/32", () -> arm);
        double seconds = (System.nanoTime() - t0) / 1e9;
        java.util.Map<String, String> left = AzureClusters.down(workspace, (subscription, endpoint) -> arm,
                line -> { });
        if (!left.isEmpty()) {
            throw new IllegalStateException("teardown of " + name + " left " + left);
        }
        return seconds;
    }
}
