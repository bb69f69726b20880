package dev.mayabench.provision;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.stage.Workspace;
import org.apiguardian.api.API;

/**
 * Makes the {@code local} provider available: fio on this machine against a directory.
 *
 * <pre>{@code
 * Provisioner local = new LocalProvisionerFactory().create(spec, workspace);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class LocalProvisionerFactory implements ProvisionerFactory {

    @Override
    public String provider() {
        return "local";
    }

    @Override
    public Provisioner create(ClusterSpec spec, Workspace workspace) {
        return new LocalProvisioner(spec, workspace);
    }
}
