package dev.mayabench.kube;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.stage.Workspace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The cluster the deploy and workload stages talk to, opened on first use (after the stages that make it have
 * run): the kubeconfig named by {@code mayabench.kubeconfig}, else the workspace's {@code admin.conf} (made by
 * the kubernetes stage and pointed at the tunnel), else, for a cluster mayabench did not make, the usual
 * {@code KUBECONFIG} / {@code ~/.kube/config}. Closing it closes the client.
 *
 * <pre>{@code
 * try (KubeTarget target = new KubeTarget(spec, workspace)) {
 *     target.client().nodes().list();
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class KubeTarget implements AutoCloseable {

    static final String ADMIN_CONF = "admin.conf";

    private final ClusterSpec spec;
    private final Workspace workspace;
    private final Optional<String> defaultStorageClass;
    private KubernetesClient client;

    public KubeTarget(ClusterSpec spec, Workspace workspace) {
        this(spec, workspace, Optional.empty());
    }

    KubeTarget(ClusterSpec spec, Workspace workspace, Optional<String> defaultStorageClass) {
        this.spec = spec;
        this.workspace = workspace;
        this.defaultStorageClass = defaultStorageClass;
    }

    /** The StorageClass benchmarked as it is: {@code storageClass}, else the provider's default, else none (Mayastor's). */
    Optional<String> givenStorageClass() {
        return spec.kube().storageClass().or(() -> defaultStorageClass);
    }

    /** The kubeconfig used, empty for the default places. */
    public Optional<Path> kubeconfig() {
        if (spec.kube().kubeconfig().isPresent()) {
            return spec.kube().kubeconfig();
        }
        Path admin = workspace.file(ADMIN_CONF);
        return Files.isRegularFile(admin) ? Optional.of(admin) : Optional.empty();
    }

    public synchronized KubernetesClient client() {
        if (client == null) {
            client = KubeClients.open(kubeconfig());
        }
        return client;
    }

    /** Whether a client was opened (teardown does not open one just to find nothing to do). */
    synchronized boolean isOpen() {
        return client != null;
    }

    ClusterSpec spec() {
        return spec;
    }

    Workspace workspace() {
        return workspace;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
