package dev.mayabench.provision.aws;

import org.apiguardian.api.API;

/**
 * The account's EC2 quota does not allow the instances asked for ({@code VcpuLimitExceeded},
 * {@code InstanceLimitExceeded}). Says how many vCPUs the plan needs and how to raise the quota.
 *
 * <pre>{@code
 * catch (QuotaException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class QuotaException extends ProvisioningException {

    private static final long serialVersionUID = 1L;

    QuotaException(String code, String ec2Message, String region, int plannedVcpus, Throwable cause) {
        super("the account's EC2 quota in " + region + " does not allow these instances (" + code + ": "
                + ec2Message + "); the cluster needs " + plannedVcpus + " vCPUs of on-demand instances. Ask for "
                + "fewer or smaller nodes, or request a higher 'Running On-Demand Standard instances' quota in "
                + "the Service Quotas console", cause);
    }
}
