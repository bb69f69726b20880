package dev.mayabench.provision.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import dev.mayabench.fixtures.azure.FakeArm;
import java.security.KeyStore;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("fake-arm", arm.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
