package dev.mayabench.provision.aws;

import org.apiguardian.api.API;

/**
 * EC2 has no capacity for an instance type in an availability zone right now
 * ({@code InsufficientInstanceCapacity}). Names the type and zone and what to try instead.
 *
 * <pre>{@code
 * catch (CapacityException e) { e.instanceType(); e.zone(); }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class CapacityException extends ProvisioningException {

    private static final long serialVersionUID = 1L;

    private final String instanceType;
    private final String zone;

    CapacityException(String instanceType, String zone, String ec2Message, Throwable cause) {
        super("EC2 has no capacity for " + instanceType + " in " + zone + " right now "
                + "(InsufficientInstanceCapacity: " + ec2Message + "); try another zone with "
                + "-Dmayabench.aws.zone=..., another instance type, or again later", cause);
        this.instanceType = instanceType;
        this.zone = zone;
    }

    public String instanceType() {
        return instanceType;
    }

    public String zone() {
        return zone;
    }
}
