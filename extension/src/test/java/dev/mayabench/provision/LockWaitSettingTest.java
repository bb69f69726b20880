package dev.mayabench.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code mayabench.local.lockWait}: how long a run waits for another run's workspace lock. */
class LockWaitSettingTest {

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
}
