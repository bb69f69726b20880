package dev.mayabench.provision.azure;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.provision.Provisioner;
import dev.mayabench.provision.ProvisionerFactory;
import dev.mayabench.stage.Workspace;
import org.apiguardian.api.API;

/**
 * Makes the {@code azure} provider available: VMs on Azure in a resource group of their own.
 *
 * <pre>{@code
 * Provisioner azure = new AzureProvisionerFactory().create(spec, workspace);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class AzureProvisionerFactory implements ProvisionerFactory {

    @Override
    public String provider() {
        return "azure";
    }

    @Override
    public Provisioner create(ClusterSpec spec, Workspace workspace) {
        return new AzureProvisioner(spec, workspace, AzureProvisioner.AZURE);
    }
}
