package dev.mayabench.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The local provider's locks: {@code mayabench.local.lockWait} (how long a run waits for another run) and the lock
 * file of a raw device.
 */
class LocalLocksTest {

    @Test
    void unsetMeansFiveMinutesAndThePropertyBeatsTheVariable() {
        assertThat(LocalProvisioner.lockWait(null, null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(LocalProvisioner.lockWait("", " ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(LocalProvisioner.lockWait("30s", "2h")).isEqualTo(Duration.ofSeconds(30));
        assertThat(LocalProvisioner.lockWait(null, "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(LocalProvisioner.lockWait("0s", null)).isZero();
        assertThat(LocalProvisioner.lockWait("10m", null)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aBadValueNamesTheSettingTheValueWhatIsAllowedAndAFixThatWorks() {
        assertThatThrownBy(() -> LocalProvisioner.lockWait("10", null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("local.lockWait").hasMessageContaining("10")
                .hasMessageContaining("30s, 5m, 1h").hasMessageContaining("did you mean '10s'?");
        assertThat(LocalProvisioner.lockWait("10s", null)).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> LocalProvisioner.lockWait(null, "soon"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("MAYABENCH_LOCAL_LOCK_WAIT").hasMessageContaining("soon")
                .hasMessageContaining("-Dmayabench.local.lockWait=10m");
        assertThat(LocalProvisioner.lockWait("10m", null)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aDeviceHasOneLockFileWhateverLinkNamesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path device = java.nio.file.Files.createFile(dir.resolve("nvme1n1"));
        java.nio.file.Path byId = java.nio.file.Files.createSymbolicLink(dir.resolve("nvme-Amazon_EC2_NVMe_1"), device);

        assertThat(LocalProvisioner.deviceLockFile(byId)).isEqualTo(LocalProvisioner.deviceLockFile(device));
        assertThat(LocalProvisioner.deviceLockFile(device).getParent().toString())
                .isEqualTo(System.getProperty("java.io.tmpdir"));
        assertThat(LocalProvisioner.deviceLockFile(device).getFileName().toString()).doesNotContain("/")
                .startsWith("mayabench-device").endsWith(dir.getFileName() + "_nvme1n1.lock");
    }
}
