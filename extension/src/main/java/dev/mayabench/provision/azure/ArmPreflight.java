package dev.mayabench.provision.azure;

import com.azure.resourcemanager.compute.models.ComputeSku;
import com.azure.resourcemanager.compute.models.ComputeUsage;
import com.azure.resourcemanager.compute.models.ResourceSkuCapabilities;
import com.azure.resourcemanager.compute.models.ResourceSkuRestrictions;
import com.azure.resourcemanager.compute.models.ResourceSkuRestrictionsType;
import dev.mayabench.config.Suggestions;
import dev.mayabench.provision.aws.ClusterPlan;
import dev.mayabench.provision.aws.ProvisioningException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asks Azure, before anything is created, whether the plan can work in the region: every VM size exists there and is
 * not restricted for the subscription (the resource SKUs), the vCPU quota of each size's family and the regional
 * total ({@code cores}) leave room for the whole plan (the compute usages), and every storage size has local NVMe
 * (the SKU capability {@code NvmeDiskSizeInMiB}; refused under {@code strict}, a warning otherwise). Only reads.
 *
 * <pre>{@code
 * ArmPreflight.Findings findings = new ArmPreflight(arm, "eastus", log::info).check(plan, strict);
 * findings.vcpus("Standard_L8s_v3");   // 8
 * }</pre>
 */
final class ArmPreflight {

    /** The SKU capability of sizes with local NVMe disks (fixtures/azure-facts.md section 5; the SKUs API). */
    static final String NVME_CAPABILITY = "NvmeDiskSizeInMiB";
    /** The name of the regional vCPU total among the compute usages ("Total Regional vCPUs"; section 3). */
    static final String REGIONAL_CORES = "cores";

    private final ArmClients arm;
    private final String region;
    private final Consumer<String> progress;

    ArmPreflight(ArmClients arm, String region, Consumer<String> progress) {
        this.arm = arm;
        this.region = region;
        this.progress = progress;
    }

    /** What the later stages need of the SKUs: vCPUs and quota family per size. */
    record Findings(Map<String, Integer> vcpus, Map<String, String> families) {

        int vcpus(String size) {
            return vcpus.getOrDefault(size, 0);
        }
    }

    Findings check(ClusterPlan plan, boolean strict) {
        Map<String, ComputeSku> skus = new LinkedHashMap<>();
        for (ComputeSku sku : arm.compute().computeSkus().listByRegion(region)) {
            if (sku.resourceType() != null && "virtualMachines".equalsIgnoreCase(sku.resourceType().toString())) {
                skus.put(sku.name().toString(), sku);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Integer> vcpus = new LinkedHashMap<>();
        Map<String, String> families = new LinkedHashMap<>();
        for (String size : plan.instanceTypes()) {
            ComputeSku sku = skus.get(size);
            if (sku == null) {
                problems.add("the VM size " + size + " is not offered in " + region + " ("
                        + Suggestions.closest(size, skus.keySet()).map(s -> "did you mean " + s + "? ")
                        .orElse("") + "'az vm list-skus --location " + region + " --size " + size
                        + "' shows where it is)");
                continue;
            }
            restriction(sku).ifPresent(reason -> problems.add("the VM size " + size + " cannot be used in "
                    + region + " by this subscription (" + reason + "); choose another size or region, or ask "
                    + "Azure support to enable it"));
            vcpus.put(size, capability(sku, "vCPUs").map(Integer::parseInt).orElse(0));
            families.put(size, sku.innerModel().family());
        }
        if (!problems.isEmpty()) {
            throw new ProvisioningException("pre-flight in " + region + ": " + String.join("; ", problems), null);
        }
        for (String size : plan.storageTypes()) {
            if (capability(skus.get(size), NVME_CAPABILITY).isEmpty()) {
                String why = "the storage size " + size + " has no local NVMe disk (its SKU has no "
                        + NVME_CAPABILITY + "), so the pools would live on network disks and the figures measure "
                        + "those; use an L-series size such as Standard_L8s_v3";
                if (strict) {
                    throw new ProvisioningException("pre-flight (strict): " + why, null);
                }
                progress.accept("WARNING: " + why);
            }
        }
        checkQuota(plan, vcpus, families);
        progress.accept("pre-flight in " + region + ": sizes " + vcpus + " available, quota sufficient");
        return new Findings(Map.copyOf(vcpus), Map.copyOf(families));
    }

    private void checkQuota(ClusterPlan plan, Map<String, Integer> vcpus, Map<String, String> families) {
        Map<String, Integer> neededByFamily = new LinkedHashMap<>();
        int total = 0;
        for (ClusterPlan.PlannedNode node : plan.nodes()) {
            int n = vcpus.getOrDefault(node.instanceType(), 0);
            neededByFamily.merge(families.get(node.instanceType()), n, Integer::sum);
            total += n;
        }
        Map<String, ComputeUsage> usages = new LinkedHashMap<>();
        for (ComputeUsage usage : arm.compute().usages().listByRegion(region)) {
            usages.put(usage.name().value().toLowerCase(Locale.ROOT), usage);
        }
        List<String> short_ = new ArrayList<>();
        neededByFamily.forEach((family, needed) -> shortfall(usages.get(family.toLowerCase(Locale.ROOT)), family,
                needed).ifPresent(short_::add));
        shortfall(usages.get(REGIONAL_CORES), "Total Regional vCPUs (" + REGIONAL_CORES + ")", total)
                .ifPresent(short_::add);
        if (!short_.isEmpty()) {
            throw new AzureQuotaException(region, String.join("; ", short_), total);
        }
    }

    private static Optional<String> shortfall(ComputeUsage usage, String family, int needed) {
        if (usage == null) {
            // a family Azure reports no usage for has no quota of its own to exceed; the regional total still counts
            return Optional.empty();
        }
        long available = usage.limit() - usage.currentValue();
        return needed <= available ? Optional.empty()
                : Optional.of(family + ": the plan needs " + needed + " vCPUs, " + available + " available (limit "
                + usage.limit() + ", in use " + usage.currentValue() + ")");
    }

    private Optional<String> restriction(ComputeSku sku) {
        if (sku.restrictions() == null) {
            return Optional.empty();
        }
        for (ResourceSkuRestrictions r : sku.restrictions()) {
            // a Location restriction means the size cannot be used in the region at all; a Zone one only in some
            // zones, and the provider picks none (fixtures/azure-facts.md section 3, Resource SKUs)
            if (ResourceSkuRestrictionsType.LOCATION.equals(r.type()) && r.values() != null
                    && r.values().stream().anyMatch(v -> v.equalsIgnoreCase(region))) {
                return Optional.of(r.reasonCode() == null ? "restricted" : r.reasonCode().toString());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> capability(ComputeSku sku, String name) {
        if (sku == null || sku.capabilities() == null) {
            return Optional.empty();
        }
        return sku.capabilities().stream().filter(c -> name.equalsIgnoreCase(c.name()))
                .map(ResourceSkuCapabilities::value).findFirst();
    }
}
