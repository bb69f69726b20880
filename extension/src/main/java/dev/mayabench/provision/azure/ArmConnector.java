package dev.mayabench.provision.azure;

import dev.mayabench.config.ClusterSpec;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Clients for an ARM endpoint that is not Azure's, found with {@link java.util.ServiceLoader}: an emulator's own
 * credential and TLS trust, which {@code DefaultAzureCredential} and the JDK's trust store cannot give. Only a class
 * path that registers one (a test's) has any; without one the azure provider connects to Azure with
 * {@link ArmClients#connectChecked}. A connector answers only for the endpoint it serves ({@code azure.endpoint}),
 * so one on the class path never redirects a run meant for Azure.
 *
 * <pre>{@code
 * public final class EmulatorConnector implements ArmConnector {
 *     public Optional<ArmClients> connect(ClusterSpec spec) {
 *         return spec.azure().endpoint().filter(EMULATOR::equals).map(e -> ArmClients.of(token, env, null, sub, tls));
 *     }
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public interface ArmConnector {

    /** Clients for the spec's {@code azure.endpoint} when this connector serves it; empty otherwise. */
    Optional<ArmClients> connect(ClusterSpec spec);
}
