package dev.mayabench.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The three spellings of each setting, and that they stay in step with the annotations. */
class ConfigNamingTest {

    @Test
    void environmentVariablesDeriveFromTheKeys() {
        assertThat(Setting.environmentVariable("storageNodes")).isEqualTo("MAYABENCH_STORAGE_NODES");
        assertThat(Setting.environmentVariable("local.dir")).isEqualTo("MAYABENCH_LOCAL_DIR");
        assertThat(Setting.environmentVariable("fio.runtime")).isEqualTo("MAYABENCH_FIO_RUNTIME");
        assertThat(Setting.environmentVariable("fio.rampTime")).isEqualTo("MAYABENCH_FIO_RAMP_TIME");
        assertThat(Setting.STORAGE_NODES.property()).isEqualTo("mayabench.storageNodes");
    }

    @Test
    void everyKeyHasItsOwnEnvironmentVariable() {
        List<String> variables = Setting.allKeys().stream().map(Setting::environmentVariable).toList();

        assertThat(new HashSet<>(variables)).hasSameSizeAs(variables);
    }

    @Test
    void fioKeysAreTheAttributesOfFioButItsThresholds() {
        // thresholds are what the test asserts, like the assertions in its body, not a setting of the environment
        List<String> settable = attributes(Fio.class);
        settable.remove("expect");
        assertThat(Setting.FIO_KEYS).containsExactlyInAnyOrderElementsOf(settable);
    }

    @Test
    void everyAttributeOfMayastorClusterIsASetting() {
        assertThat(Setting.allKeys()).containsAll(attributes(MayastorCluster.class));
    }

    private static List<String> attributes(Class<?> annotation) {
        return Arrays.stream(annotation.getDeclaredMethods()).map(Method::getName).collect(Collectors.toList());
    }
}
