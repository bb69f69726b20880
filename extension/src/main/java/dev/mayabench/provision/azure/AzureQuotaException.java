package dev.mayabench.provision.azure;

import dev.mayabench.provision.aws.ProvisioningException;
import org.apiguardian.api.API;

/**
 * The subscription's vCPU quota in a region does not allow the plan: names each family short of vCPUs with what the
 * plan needs and what is available, and the three ways out.
 *
 * <pre>{@code
 * catch (AzureQuotaException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class AzureQuotaException extends ProvisioningException {

    private static final long serialVersionUID = 1L;

    AzureQuotaException(String region, String shortfalls, int plannedVcpus) {
        super("the subscription's vCPU quota in " + region + " does not allow this cluster (" + plannedVcpus
                + " vCPUs in all): " + shortfalls + ". Request a quota increase (portal: Subscriptions > Usage + "
                + "quotas, or 'az quota create'), or ask for fewer nodes, or another VM size (-Dmayabench.instance=..."
                + ")", null);
    }

    AzureQuotaException(String armMessage, Throwable cause) {
        super("Azure refused a VM for quota (" + armMessage + "). Request a quota increase (portal: Subscriptions > "
                + "Usage + quotas), or ask for fewer nodes, or another VM size (-Dmayabench.instance=...)", cause);
    }
}
