package dev.mayabench.provision.aws;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.provision.Provisioner;
import dev.mayabench.provision.ProvisionerFactory;
import dev.mayabench.stage.Workspace;
import org.apiguardian.api.API;

/**
 * Makes the {@code aws} provider available: machines on EC2 in a VPC of their own.
 *
 * <pre>{@code
 * Provisioner aws = new AwsProvisionerFactory().create(spec, workspace);
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class AwsProvisionerFactory implements ProvisionerFactory {

    @Override
    public String provider() {
        return "aws";
    }

    @Override
    public Provisioner create(ClusterSpec spec, Workspace workspace) {
        return new AwsProvisioner(spec, workspace, Timings.AWS);
    }
}
