package dev.mayabench.provision.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fixtures.azure.FakeArm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C while the azure provider creates VMs: the shutdown hook stops creating and deletes the resource group. */
class AzureShutdownHookTest {

    @TempDir
    Path dir;

    @Test
    void aJvmStoppedWhileVmsAreBootingDeletesItsResourceGroupBeforeItExits() throws Exception {
        try (FakeArm fake = FakeArm.start()) {
            // long enough that the VMs are still 'Creating' when the JVM is stopped
            fake.bootDelay(Duration.ofSeconds(60));
            Path certificate = Files.writeString(dir.resolve("fake-arm.pem"), "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder().encodeToString(fake.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            Path log = dir.resolve("jvm.log");
            Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AzureProvisioningInOwnJvm.class.getName(),
                    fake.endpoint().toString(), fake.tenantId(), fake.subscriptionId(), fake.token(),
                    certificate.toString(), dir.resolve("workspace").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (fake.calls("Microsoft.Compute/virtualMachines/write") < 2 && System.nanoTime() < deadline
                        && jvm.isAlive()) {
                    Thread.sleep(100);
                }
                assertThat(fake.calls("Microsoft.Compute/virtualMachines/write")).as("VM creates started; log:%n%s",
                        Files.exists(log) ? Files.readString(log) : "").isGreaterThanOrEqualTo(2);
                assertThat(fake.liveResources()).isNotEmpty();

                jvm.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
                assertThat(jvm.waitFor(90, TimeUnit.SECONDS)).as("the JVM exits after its rollback").isTrue();
            } finally {
                jvm.destroyForcibly();
            }

            assertThat(Files.readString(log)).contains("the JVM is shutting down during provisioning")
                    .doesNotContain("provisioned, which the test did not want");
            assertThat(fake.liveResources()).as("left after the stop; log:%n%s", Files.readString(log)).isEmpty();
            assertThat(fake.unservedRequests()).isEmpty();
        }
    }
}
