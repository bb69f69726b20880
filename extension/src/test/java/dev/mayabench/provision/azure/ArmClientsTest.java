package dev.mayabench.provision.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.Region;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fixtures.azure.FakeArm;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ArmClientsTest {

    @Test
    void theJdkHttpClientTalksToResourceManagerOverTlsWithTheGivenTrustAndToken() {
        try (FakeArm arm = FakeArm.start()) {
            ArmClients clients = FakeArmClients.of(arm);
            clients.resources().resourceGroups().define("mb-arm-clients").withRegion(Region.US_EAST)
                    .withTags(Map.of("mayabench:run", "r1")).create();

            assertThat(clients.resources().resourceGroups().listByTag("mayabench:run", "r1"))
                    .extracting(g -> g.name()).containsExactly("mb-arm-clients");
            assertThat(clients.subscription()).isEqualTo(arm.subscriptionId());
            assertThat(arm.unservedRequests()).isEmpty();
        }
    }

    @Test
    void aCredentialThatFindsNothingIsAConfigurationErrorThatSaysWhereItLookedAndNoSecret() {
        TokenCredential none = ctx -> Mono.error(new IllegalStateException("client secret s3cr3t-value rejected"));

        assertThatThrownBy(() -> ArmClients.requireCredentials(none, AzureEnvironment.AZURE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DefaultAzureCredential")
                .hasMessageContaining("az login")
                .hasMessageNotContaining("s3cr3t");
    }
}
