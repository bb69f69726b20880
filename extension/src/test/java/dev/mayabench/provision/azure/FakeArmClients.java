package dev.mayabench.provision.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import dev.mayabench.fixtures.azure.FakeArm;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import reactor.core.publisher.Mono;

/**
 * {@link ArmClients} pointed at a {@link FakeArm}: its environment (every endpoint on 127.0.0.1), a TLS context that
 * trusts exactly the fake's certificate, and a credential that hands out the fake's token without any network, as
 * {@code DefaultAzureCredential} would hand out Azure's.
 */
public final class FakeArmClients {

    private FakeArmClients() {
    }

    public static ArmClients of(FakeArm arm) {
        return ArmClients.of(credential(arm), new AzureEnvironment(arm.environment()), arm.tenantId(),
                arm.subscriptionId(), Optional.of(trusting(arm)));
    }

    static TokenCredential credential(FakeArm arm) {
        return ctx -> Mono.just(new AccessToken(arm.token(), OffsetDateTime.now().plusHours(1)));
    }

    static SSLContext trusting(FakeArm arm) {
        return arm.clientTls();
    }
}
