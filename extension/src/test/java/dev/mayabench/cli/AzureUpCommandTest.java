package dev.mayabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fixtures.azure.FakeArm;
import dev.mayabench.provision.azure.AzureClusters;
import dev.mayabench.provision.azure.FakeArmClients;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mayabench up} (and {@code up --dry-run}, then {@code down}) for provider azure through the real command
 * line, with Resource Manager being the fake ARM endpoint (the commands' connector answers with the fake's clients).
 */
class AzureUpCommandTest {

    @TempDir
    Path dir;
    FakeArm arm;
    Map<String, String> settings;

    @BeforeEach
    void start() {
        arm = FakeArm.start();
        settings = Map.of("mayabench.name", "azup", "mayabench.provider", "azure", "mayabench.region", "westeurope",
                "mayabench.storageNodes", "1", "mayabench.workerNodes", "0",
                "mayabench.azure.sshCidr", "198.51.100.7/32", "mayabench.azure.subscription", arm.subscriptionId());
        settings.forEach(System::setProperty);
    }

    @AfterEach
    void stop() {
        settings.keySet().forEach(System::clearProperty);
        assertThat(arm.unservedRequests()).as("requests the fake does not serve").isEmpty();
        arm.close();
    }

    MayabenchCommandTest.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Mayabench.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        AzureClusters.Connector fake = (subscription, endpoint) -> FakeArmClients.of(arm);
        ((UpCommand) line.getSubcommands().get("up").getCommand()).azure = fake;
        ((DownCommand) line.getSubcommands().get("down").getCommand()).azure = fake;
        int status = line.execute(args);
        return new MayabenchCommandTest.Result(status, out.toString(), err.toString());
    }

    long writes() {
        return arm.requestLog().stream().filter(r -> r.startsWith("PUT ") || r.startsWith("DELETE ")
                || r.startsWith("PATCH ")).count();
    }

    @Test
    void aDryRunPrintsThePlanAfterTheReadOnlyPreflightAndCreatesNothing() {
        MayabenchCommandTest.Result result = run("up", "--dry-run");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("azure plan for cluster azup in westeurope, subscription " + arm.subscriptionId())
                .contains("SSH only from 198.51.100.7/32")
                .containsPattern("VM master-1\\s+\\[.*\\]\\s+Standard_D4s_v5")
                .containsPattern("VM storage-1\\s+\\[.*storage.*\\]\\s+Standard_L8s_v3")
                .contains("pre-flight in westeurope")
                .contains("dry run: nothing was created");
        assertThat(writes()).as("no PUT, PATCH or DELETE: %s", arm.requestLog()).isZero();
        assertThat(arm.liveResources()).isEmpty();
    }

    @Test
    void upCreatesTheRunsResourceGroupAndDownDeletesEverything() {
        Path workspace = dir.resolve("azup");

        MayabenchCommandTest.Result up = run("up", "--workspace", workspace.toString(), "--poll", "PT0.2S");

        assertThat(up.status()).as(up.err() + up.out()).isZero();
        assertThat(up.out()).contains("cluster azup is up").containsPattern("storage-1\\s+\\[.*storage.*\\]")
                .contains("delete it with: mayabench down azup");
        assertThat(arm.liveResources()).anySatisfy(r -> assertThat(r.type())
                .isEqualTo("Microsoft.Compute/virtualMachines"));

        MayabenchCommandTest.Result down = run("down", "azup", "--workspace", workspace.toString());

        assertThat(down.status()).as(down.err() + down.out()).isZero();
        assertThat(down.out()).contains("cluster 'azup' is gone");
        assertThat(arm.liveResources()).isEmpty();
    }
}
