package dev.mayabench.provision.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.ResourceManager;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apiguardian.api.API;

/**
 * The Azure Resource Manager clients one azure run uses: groups ({@link ResourceManager}), networking
 * ({@link NetworkManager}) and machines ({@link ComputeManager}) of one subscription, all on one HTTP client, the
 * JDK's ({@code azure-core-http-jdk-httpclient}: no Netty on a consumer's class path).
 *
 * <p>Credentials come only from {@code DefaultAzureCredential} (environment, workload identity, managed identity,
 * Azure CLI, Azure PowerShell, Azure Developer CLI; Azure/azure-sdk-for-java sdk/identity/azure-identity README);
 * mayabench never reads a secret from its own settings. {@link #of} is the seam for an emulator or a test (the
 * fake ARM endpoint in {@code fixtures/}): a given environment, token and TLS context.
 *
 * <pre>{@code
 * ArmClients arm = ArmClients.connect(Optional.of("00000000-0000-0000-0000-000000000000"));
 * arm.resources().resourceGroups().list().forEach(g -> System.out.println(g.name()));
 * }</pre>
 *
 * @param resources    resource groups and their tags
 * @param network      virtual networks, subnets, security groups, public IPs and NICs
 * @param compute      virtual machines, usages (quota) and resource SKUs
 * @param http         the HTTP client the three managers share (also for the serial-log blob)
 * @param subscription the subscription id every call is made in
 */
@API(status = API.Status.INTERNAL)
public record ArmClients(ResourceManager resources, NetworkManager network, ComputeManager compute,
                         HttpClient http, String subscription) {

    /** The environment variable the Azure CLI and the SDK read the subscription from. */
    public static final String SUBSCRIPTION_VARIABLE = "AZURE_SUBSCRIPTION_ID";

    public ArmClients {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(compute, "compute");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(subscription, "subscription");
    }

    /**
     * Clients for Azure's public cloud with {@code DefaultAzureCredential}, in the given subscription or else the one
     * in {@value #SUBSCRIPTION_VARIABLE}. Fails with a configuration error that names both when neither is set.
     */
    public static ArmClients connect(Optional<String> subscription) {
        return connect(subscription, Optional.empty());
    }

    /**
     * As {@link #connect(Optional)}, on {@code endpoint} instead of Azure's Resource Manager when one is given (an
     * emulator): only the Resource Manager URL changes; the token is still asked for Azure's management audience,
     * which is what {@code DefaultAzureCredential} can get.
     */
    public static ArmClients connect(Optional<String> subscription, Optional<java.net.URI> endpoint) {
        return of(new DefaultAzureCredentialBuilder().build(), environment(endpoint), null,
                subscription(subscription), Optional.empty());
    }

    private static AzureEnvironment environment(Optional<java.net.URI> endpoint) {
        return endpoint.map(e -> {
            java.util.Map<String, String> endpoints = new java.util.HashMap<>(AzureEnvironment.AZURE.getEndpoints());
            String url = e.toString();
            endpoints.put("resourceManagerEndpointUrl", url.endsWith("/") ? url : url + "/");
            return new AzureEnvironment(endpoints);
        }).orElse(AzureEnvironment.AZURE);
    }

    private static String subscription(Optional<String> subscription) {
        return subscription.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getenv(SUBSCRIPTION_VARIABLE)).filter(s -> !s.isBlank()))
                .orElseThrow(() -> new ConfigurationException(new Problem("azure.subscription", "",
                        "the id of the Azure subscription to create the run's resource group in",
                        "set -Dmayabench.azure.subscription=<id> (or azure: {subscription: <id>} in mayabench.yaml) "
                                + "or export " + SUBSCRIPTION_VARIABLE + "; 'az account show --query id' prints "
                                + "the current one", "default")));
    }

    /**
     * As {@link #connect(Optional, Optional)}, after checking that {@code DefaultAzureCredential} gets a token
     * ({@link #requireCredentials}): the azure provider calls this before it creates anything.
     */
    public static ArmClients connectChecked(Optional<String> subscription, Optional<java.net.URI> endpoint) {
        String id = subscription(subscription);
        AzureEnvironment environment = environment(endpoint);
        TokenCredential credential = new DefaultAzureCredentialBuilder().build();
        requireCredentials(credential, environment);
        return of(credential, environment, null, id, Optional.empty());
    }

    /**
     * Clients on the given environment, credential and subscription; {@code tls} replaces the JDK's default trust
     * (an emulator's own certificate). {@code tenant} may be null (the credential's own).
     */
    public static ArmClients of(TokenCredential credential, AzureEnvironment environment, String tenant,
                                String subscription, Optional<SSLContext> tls) {
        executorOutlivingShutdown();
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        tls.ifPresent(jdk::sslContext);
        HttpClient http = new JdkHttpClientBuilder(jdk).responseTimeout(Duration.ofSeconds(60)).build();
        AzureProfile profile = new AzureProfile(tenant, subscription, environment);
        return new ArmClients(
                ResourceManager.configure().withHttpClient(http).withPolicy(JDK_SETS_CONTENT_LENGTH)
                        .authenticate(credential, profile).withSubscription(subscription),
                NetworkManager.configure().withHttpClient(http).withPolicy(JDK_SETS_CONTENT_LENGTH)
                        .authenticate(credential, profile),
                ComputeManager.configure().withHttpClient(http).withPolicy(JDK_SETS_CONTENT_LENGTH)
                        .authenticate(credential, profile),
                http, subscription);
    }

    /**
     * Drops the Content-Length header azure-core's RestProxy puts on a request whose body length is known: the JDK's
     * HttpClient forbids setting it (a "restricted header") and computes it itself from the body, and
     * azure-core-http-jdk-httpclient 1.0.3 logs a WARN for each such header it skips (implementation
     * HeaderFilteringMap), one per ARM write. Bodies of unknown length keep the header, which the client then uses
     * to publish the body with that length (BodyPublisherUtils.toBodyPublisherWithLength).
     */
    private static final com.azure.core.http.policy.HttpPipelinePolicy JDK_SETS_CONTENT_LENGTH =
            new com.azure.core.http.policy.HttpPipelinePolicy() {
                @Override
                public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> process(
                        com.azure.core.http.HttpPipelineCallContext context,
                        com.azure.core.http.HttpPipelineNextPolicy next) {
                    dropContentLength(context.getHttpRequest());
                    return next.process();
                }

                @Override
                public com.azure.core.http.HttpResponse processSync(com.azure.core.http.HttpPipelineCallContext context,
                                                                    com.azure.core.http.HttpPipelineNextSyncPolicy next) {
                    dropContentLength(context.getHttpRequest());
                    return next.processSync();
                }

                @Override
                public com.azure.core.http.HttpPipelinePosition getPipelinePosition() {
                    return com.azure.core.http.HttpPipelinePosition.PER_RETRY;
                }
            };

    private static void dropContentLength(com.azure.core.http.HttpRequest request) {
        if (request.getBodyAsBinaryData() == null || request.getBodyAsBinaryData().getLength() != null) {
            request.getHeaders().remove(com.azure.core.http.HttpHeaderName.CONTENT_LENGTH);
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean OWN_EXECUTOR =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * azure-core runs parts of every synchronous call on its SharedExecutorService, whose own executor it shuts down
     * from a JVM shutdown hook and then cannot make again ("Shutdown in progress": a new executor registers a new
     * hook; azure-core 1.55.3 com.azure.core.util.SharedExecutorService, CoreUtils.addShutdownHookSafely). The
     * provider's rollback on Ctrl-C runs in a shutdown hook too, so it gets an executor azure-core does not manage
     * (setExecutorService: "the SDK won't shut it down"), on daemon threads that never keep the JVM alive.
     */
    private static void executorOutlivingShutdown() {
        if (OWN_EXECUTOR.compareAndSet(false, true)) {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            com.azure.core.util.SharedExecutorService.getInstance().setExecutorService(
                    java.util.concurrent.Executors.newScheduledThreadPool(
                            Math.max(4, Runtime.getRuntime().availableProcessors()), r -> {
                                Thread t = new Thread(r, "mayabench-azure-sdk-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            }));
        }
    }

    /**
     * Fails fast, before anything is created, when {@code DefaultAzureCredential} cannot get a token for Resource
     * Manager. The message names where it looked and what to run, never a secret.
     */
    public static void requireCredentials(TokenCredential credential, AzureEnvironment environment) {
        TokenRequestContext scope = new TokenRequestContext()
                .addScopes(environment.getResourceManagerEndpoint() + "/.default");
        try {
            credential.getTokenSync(scope);
        } catch (RuntimeException e) {
            throw new ConfigurationException(new Problem("Azure credentials", "",
                    "a credential DefaultAzureCredential finds",
                    "none worked (environment AZURE_CLIENT_ID/AZURE_TENANT_ID with a secret or certificate, workload "
                            + "identity, managed identity, 'az login', Azure PowerShell, 'azd auth login'); run "
                            + "'az login' or export a service principal's AZURE_* variables; mayabench never reads "
                            + "credentials from its own settings", "default chain"));
        }
    }
}
