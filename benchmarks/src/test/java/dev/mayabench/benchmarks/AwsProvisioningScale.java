package dev.mayabench.benchmarks;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.fixtures.ec2.FakeEc2;
import dev.mayabench.provision.aws.AwsClusters;
import dev.mayabench.stage.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A benchmark, not a test: how provisioning time grows with the number of nodes. Provisions 3 and then 24
 * nodes on the fake EC2 endpoint with 100 ms of latency on every call and a 2 s boot delay, tears each down, and
 * prints the wall time of each and the ratio 24/3. Creating and waiting in parallel keeps it near 1; one
 * instance after another would make it about 8. Target: at most 1.5.
 *
 * <pre>
 * ./mvnw -q install -DskipTests &amp;&amp; ./mvnw -q -pl benchmarks test-compile exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=dev.mayabench.benchmarks.AwsProvisioningScale
 * </pre>
 */
public final class AwsProvisioningScale {

    private static final Duration POLL = Duration.ofMillis(250);

    private AwsProvisioningScale() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("aws.accessKeyId", "AKIAFAKEBENCHMARK001");
        System.setProperty("aws.secretAccessKey", "benchmark-only-not-a-secret");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (FakeEc2 fake = FakeEc2.start("eu-west-1")) {
            fake.latency(Duration.ofMillis(100)).bootDelay(Duration.ofSeconds(2)).terminateDelay(Duration.ofSeconds(2));
            Path root = Files.createTempDirectory("mayabench-scale");
            provision(fake, root, 3, "warmup");
            double small = 0;
            double large = 0;
            for (int round = 1; round <= rounds; round++) {
                double three = provision(fake, root, 3, "three-" + round);
                double twentyFour = provision(fake, root, 24, "twentyfour-" + round);
                System.out.printf("round %d: 3 nodes %.2f s, 24 nodes %.2f s, ratio %.2f%n", round, three,
                        twentyFour, twentyFour / three);
                small += three;
                large += twentyFour;
            }
            System.out.printf("mean over %d rounds: 3 nodes %.2f s, 24 nodes %.2f s, ratio 24/3 = %.2f "
                    + "(target <= 1.5); EC2 calls: RunInstances %d, DescribeInstances %d%n", rounds, small / rounds,
                    large / rounds, large / small, fake.calls("RunInstances"), fake.calls("DescribeInstances"));
            if (!fake.liveResources().isEmpty()) {
                throw new IllegalStateException("teardown left " + fake.liveResources());
            }
        }
    }

    /** Provisions {@code nodes} storage nodes (plus one master) and returns the seconds it took; then deletes. */
    private static double provision(FakeEc2 fake, Path root, int nodes, String name) {
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of(
                "mayabench.name", name,
                "mayabench.provider", "aws",
                "mayabench.region", "eu-west-1",
                "mayabench.storageNodes", Integer.toString(nodes - 1),
                "mayabench.workerNodes", "0",
                "mayabench.aws.endpoint", fake.endpoint().toString(),
                "mayabench.aws.sshCidr", "198.51.100.7/32"), Map.of()));
        Workspace workspace = Workspace.open(root.resolve(name));
        long t0 = System.nanoTime();
        AwsClusters.up(spec, workspace, POLL, () -> "198.51.100.7/32", false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> left = AwsClusters.down(workspace, POLL, line -> { });
        if (!left.isEmpty()) {
            throw new IllegalStateException("teardown of " + name + " left " + left);
        }
        return seconds;
    }
}
