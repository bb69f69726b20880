package dev.mayabench.provision;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.stage.Workspace;
import org.apiguardian.api.API;

/**
 * Makes the {@code k3s} provider available when Testcontainers' k3s module is on the class path (an optional
 * dependency: {@code org.testcontainers:k3s}); without it, choosing the provider says what to add. This class
 * names no Testcontainers type, so the service loader can load it either way.
 *
 * <pre>{@code
 * Provisioner k3s = new K3sProvisionerFactory().create(spec, workspace);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class K3sProvisionerFactory implements ProvisionerFactory {

    @Override
    public String provider() {
        return "k3s";
    }

    @Override
    public Provisioner create(ClusterSpec spec, Workspace workspace) {
        try {
            Class.forName("org.testcontainers.k3s.K3sContainer", false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException(new Problem("provider", "k3s", "a provider whose libraries are on the "
                    + "class path", "provider 'k3s' runs k3s with Testcontainers: add the test dependency "
                    + "org.testcontainers:k3s (version 1.21.x) to your build"));
        }
        return new K3sProvisioner(spec, workspace);
    }
}
