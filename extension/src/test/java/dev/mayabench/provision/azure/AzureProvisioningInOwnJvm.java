package dev.mayabench.provision.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.management.AzureEnvironment;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.provision.aws.Timings;
import dev.mayabench.stage.Workspace;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import reactor.core.publisher.Mono;

/**
 * A JVM of its own that provisions an azure cluster against a fake ARM endpoint running in another JVM, for the test
 * that stops it with SIGTERM (Ctrl-C's effect on the JVM: the shutdown hooks run). Arguments: the endpoint, tenant,
 * subscription, token, the fake's certificate file (PEM) and the workspace directory.
 */
public final class AzureProvisioningInOwnJvm {

    private AzureProvisioningInOwnJvm() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream pem = Files.newInputStream(Path.of(args[4]))) {
            trust.setCertificateEntry("fake-arm", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        // the same map FakeArm.environment() gives: every endpoint on the fake
        Map<String, String> environment = Map.of("resourceManagerEndpointUrl", endpoint, "managementEndpointUrl",
                endpoint, "activeDirectoryEndpointUrl", endpoint, "activeDirectoryResourceId", endpoint,
                "microsoftGraphResourceId", endpoint, "activeDirectoryGraphResourceId", endpoint);
        ArmClients arm = ArmClients.of(ctx -> Mono.just(new AccessToken(args[3], OffsetDateTime.now().plusHours(1))),
                new AzureEnvironment(environment), args[1], args[2], Optional.of(tls));
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.name", "killed",
                "mayabench.provider", "azure", "mayabench.region", "eastus", "mayabench.storageNodes", "2",
                "mayabench.workerNodes", "0"), Map.of()));
        AzureClusters.up(spec, Workspace.open(Path.of(args[5])),
                new Timings(Duration.ofMillis(200), Duration.ofSeconds(120), Duration.ofSeconds(60)),
                false, () -> "198.51.100.7/32", () -> arm);
        System.out.println("provisioned, which the test did not want");
    }
}
