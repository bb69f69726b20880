package dev.mayabench.provision;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.stage.Workspace;
import org.apiguardian.api.API;

/**
 * Service-provider interface that makes one provider available: register an implementation in
 * {@code META-INF/services/dev.mayabench.provision.ProvisionerFactory}.
 *
 * <pre>{@code
 * public final class LocalProvisionerFactory implements ProvisionerFactory {
 *     public String provider() { return "local"; }
 *     public Provisioner create(ClusterSpec spec, Workspace ws) { return new LocalProvisioner(spec, ws); }
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public interface ProvisionerFactory {

    /** The provider name this factory serves. */
    String provider();

    /** Creates the provisioner of one cluster. */
    Provisioner create(ClusterSpec spec, Workspace workspace);
}
