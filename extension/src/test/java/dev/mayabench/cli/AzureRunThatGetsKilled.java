package dev.mayabench.cli;

import com.azure.core.credential.AccessToken;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.Region;
import dev.mayabench.provision.RunLease;
import dev.mayabench.provision.azure.ArmClients;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import reactor.core.publisher.Mono;

/**
 * A process that does what a run does first on Azure: it makes the run's resource group, tagged with its own
 * {@code host/pid} as owner, and a network in it, says {@code ready}, and then waits to be killed. Started by
 * {@link AzureReapCommandTest} in a JVM of its own, so the owner really is a process that ran and is gone.
 *
 * <p>Arguments: endpoint, tenant, subscription, the fake's certificate (DER file); the token comes in the environment
 * variable {@code FAKE_ARM_TOKEN}, so it is not on a command line.
 */
public final class AzureRunThatGetsKilled {

    private AzureRunThatGetsKilled() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String token = System.getenv("FAKE_ARM_TOKEN");
        Map<String, String> environment = Map.of("resourceManagerEndpointUrl", endpoint,
                "managementEndpointUrl", endpoint, "activeDirectoryEndpointUrl", endpoint,
                "activeDirectoryResourceId", endpoint, "microsoftGraphResourceId", endpoint,
                "activeDirectoryGraphResourceId", endpoint);
        ArmClients arm = ArmClients.of(ctx -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1))),
                new AzureEnvironment(environment), args[1], args[2], Optional.of(trusting(Path.of(args[3]))));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String group = "mb-killed-" + ProcessHandle.current().pid();
        arm.resources().resourceGroups().define(group).withRegion(Region.EUROPE_WEST).withTags(Map.of(
                RunLease.RUN, "killed-" + ProcessHandle.current().pid(), RunLease.CLUSTER, "killed",
                RunLease.CREATED, now.toString(), RunLease.EXPIRES, now.plus(Duration.ofHours(4)).toString(),
                RunLease.OWNER, RunLease.currentOwner())).create();
        arm.network().networks().define("mb-vnet").withRegion(Region.EUROPE_WEST).withExistingResourceGroup(group)
                .withAddressSpace("10.42.0.0/16").create();
        System.out.println("ready " + group);
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(10).toMillis());
    }

    private static SSLContext trusting(Path der) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(der)) {
            trust.setCertificateEntry("fake-arm", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }
}
