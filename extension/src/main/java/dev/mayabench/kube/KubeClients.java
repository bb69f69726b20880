package dev.mayabench.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Opens a fabric8 client on a cluster from a kubeconfig file, or from the usual places ({@code KUBECONFIG},
 * {@code ~/.kube/config}, in-cluster) when none is named, and checks at once that the API server answers, so a
 * wrong file fails with its name instead of at the first request.
 *
 * <pre>{@code
 * try (KubernetesClient client = KubeClients.open(Optional.of(workspace.file("admin.conf")))) { ... }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class KubeClients {

    private KubeClients() {
    }

    public static KubernetesClient open(Optional<Path> kubeconfig) {
        Config config;
        String source;
        if (kubeconfig.isPresent()) {
            Path file = kubeconfig.get();
            source = "kubeconfig " + file;
            try {
                config = Config.fromKubeconfig(null, Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (IOException | KubernetesClientException e) {
                throw new KubeException("cannot read the " + source + ": " + e.getMessage() + "; name a readable "
                        + "kubeconfig with mayabench.kubeconfig", e);
            }
        } else {
            source = "the default kubeconfig (KUBECONFIG, ~/.kube/config)";
            config = Config.autoConfigure(null);
        }
        // fabric8 retries a refused connection 10 times with doubling pauses (about 100 s): a teardown after a
        // failed set-up, whose cluster never came up, must not wait that long to find out
        config.setRequestRetryBackoffLimit(3);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            client.close();
            throw new KubeException("the Kubernetes API server at " + config.getMasterUrl() + " (from " + source
                    + ") does not answer: " + e.getMessage() + "; check that the cluster runs and the tunnel is "
                    + "open, or name another kubeconfig with mayabench.kubeconfig", e);
        }
        return client;
    }
}
