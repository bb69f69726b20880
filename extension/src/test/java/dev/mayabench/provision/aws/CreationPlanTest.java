package dev.mayabench.provision.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.fixtures.ec2.FakeEc2;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real run logs the plan before its first create call. */
class CreationPlanTest {

    @TempDir
    Path dir;
    FakeEc2 fake;

    @BeforeEach
    void start() {
        System.setProperty("aws.accessKeyId", "AKIAFAKEFAKEFAKE0004");
        System.setProperty("aws.secretAccessKey", "plan/secret");
        fake = FakeEc2.start("eu-west-1").bootDelay(Duration.ofMillis(100)).terminateDelay(Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        fake.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void theProvisionLogShowsThePlanBeforeTheFirstResourceIsCreated() throws Exception {
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.name", "planned",
                "mayabench.provider", "aws", "mayabench.region", "eu-west-1", "mayabench.storageNodes", "2",
                "mayabench.instance", "i3.xlarge", "mayabench.aws.endpoint", fake.endpoint().toString(),
                "mayabench.aws.sshCidr", "198.51.100.7/32"), Map.of()));
        Workspace ws = Workspace.open(dir.resolve("ws"));
        ws.writeState(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()));
        Pipeline pipeline = AwsProvisionerTest.machinesOnly(new AwsProvisioner(spec, ws, AwsProvisionerTest.FAST,
                false, () -> "192.0.2.1/32"), ws).build();
        try {
            pipeline.setUp();
        } finally {
            pipeline.tearDown();
        }

        List<String> log = Files.readAllLines(ws.file("logs/provision.log"));
        int plan = indexOf(log, "plan for cluster planned");
        int firstCreate = indexOf(log, "created aws-vpc");
        assertThat(plan).isNotNegative().isLessThan(firstCreate);
        assertThat(log.subList(plan, firstCreate)).anyMatch(l -> l.matches(".*storage-2\\s+storage\\s+i3\\.xlarge.*"))
                .anyMatch(l -> l.contains("pool: mayabench-storage-1 on storage-1"));
        assertThat(fake.liveResources()).isEmpty();
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
