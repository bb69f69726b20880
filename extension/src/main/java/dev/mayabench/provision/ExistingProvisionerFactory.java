package dev.mayabench.provision;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.stage.Workspace;
import org.apiguardian.api.API;

/**
 * Makes the {@code existing} provider available: a Kubernetes cluster the user already has.
 *
 * <pre>{@code
 * Provisioner existing = new ExistingProvisionerFactory().create(spec, workspace);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class ExistingProvisionerFactory implements ProvisionerFactory {

    @Override
    public String provider() {
        return "existing";
    }

    @Override
    public Provisioner create(ClusterSpec spec, Workspace workspace) {
        return new ExistingProvisioner(spec, workspace);
    }
}
