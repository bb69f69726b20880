package dev.mayabench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code azure.*} settings, and what region and the instance sizes mean when the provider is azure. */
class AzureSettingsTest {

    private static ClusterSpec azure(String... keyValues) {
        Map<String, String> properties = new HashMap<>(Map.of("mayabench.provider", "azure"));
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put("mayabench." + keyValues[i], keyValues[i + 1]);
        }
        return ClusterSpec.load(null, ConfigSources.of(properties, Map.of()));
    }

    private static Problem onlyProblem(String... keyValues) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> azure(keyValues));
        assertThat(e).as("expected a ConfigurationException").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void azureDefaultsToAnLSeriesStorageSizeAndADSeriesWorkerSize() {
        ClusterSpec spec = azure();

        assertThat(spec.instance()).isEqualTo("Standard_L8s_v3");
        assertThat(spec.workerInstance()).isEqualTo("Standard_D4s_v5");
        assertThat(spec.azure()).isEqualTo(AzureOptions.defaults());
        assertThat(spec.azure().imageParts())
                .containsExactly("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2", "latest");
    }

    @Test
    void everyAzureSettingIsReadFromItsProperty() {
        ClusterSpec spec = azure("azure.subscription", "0000AAAA-0000-0000-0000-000000000001",
                "azure.endpoint", "https://127.0.0.1:8443/", "azure.sshCidr", "198.51.100.7",
                "azure.image", "Canonical:ubuntu-24_04-lts:server:latest", "azure.osDiskGiB", "64",
                "azure.ttl", "2h", "region", "westeurope", "instance", "Standard_L16s_v3");

        assertThat(spec.azure().subscription()).contains("0000aaaa-0000-0000-0000-000000000001");
        assertThat(spec.azure().endpoint()).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(8443));
        assertThat(spec.azure().sshCidr()).contains("198.51.100.7/32");
        assertThat(spec.azure().osDiskGiB()).isEqualTo(64);
        assertThat(spec.azure().ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(spec.region()).contains("westeurope");
        assertThat(spec.instance()).isEqualTo("Standard_L16s_v3");
        assertThat(spec.describe()).containsKeys("azure.subscription", "azure.osDiskGiB");
    }

    @Test
    void anEc2TypeOnAzureNamesTheAzureSizeWithAsManyVcpus() {
        Problem storage = onlyProblem("instance", "i3.2xlarge");
        assertThat(storage.setting()).isEqualTo("instance");
        assertThat(storage.value()).isEqualTo("i3.2xlarge");
        assertThat(storage.allowed()).contains("Azure VM size");
        assertThat(storage.fix()).contains("EC2 instance type").endsWith("is 'Standard_L8s_v3'");

        assertThat(onlyProblem("workerInstance", "m5.4xlarge").fix()).endsWith("is 'Standard_D16s_v5'");
        // the suggested size is itself accepted
        assertThat(azure("workerInstance", "Standard_D16s_v5").workerInstance()).isEqualTo("Standard_D16s_v5");
    }

    @Test
    void anAzureSizeOnAwsIsRefusedWithTheReason() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> ClusterSpec.load(null,
                ConfigSources.of(Map.of("mayabench.provider", "aws", "mayabench.instance", "Standard_L8s_v3"),
                        Map.of())));

        assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.fix()).contains("is an Azure VM size", "provider = azure"));
    }

    @Test
    void aMisspelledSizeOrRegionGetsADidYouMean() {
        assertThat(onlyProblem("instance", "standard_l8s_v3").fix()).isEqualTo("did you mean 'Standard_L8s_v3'?");
        assertThat(onlyProblem("instance", "L8s_v3").fix()).startsWith("did you mean 'Standard_L8s_v3'?");
        Problem display = onlyProblem("region", "West Europe");
        assertThat(display.allowed()).contains("Azure region");
        assertThat(display.fix()).isEqualTo("did you mean 'westeurope'?");
        assertThat(onlyProblem("region", "westeuroep").fix()).isEqualTo("did you mean 'westeurope'?");
        // an AWS region is not an Azure region
        assertThat(onlyProblem("region", "eu-west-1").setting()).isEqualTo("region");
    }

    @Test
    void badAzureValuesNameTheSettingAndAWorkingFix() {
        assertThat(onlyProblem("azure.subscription", "my-subscription").fix()).contains("az account show");
        Problem endpoint = onlyProblem("azure.endpoint", "http://127.0.0.1:8443");
        assertThat(endpoint.fix()).contains("https://127.0.0.1:8443");
        assertThat(azure("azure.endpoint", "https://127.0.0.1:8443").azure().endpoint()).isPresent();
        assertThat(onlyProblem("azure.image", "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2").fix())
                .isEqualTo("add the version: 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest'");
        assertThat(onlyProblem("azure.osDiskGiB", "10").setting()).isEqualTo("azure.osDiskGiB");
    }
}
