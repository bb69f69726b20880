package dev.mayabench.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The settings only the {@code azure} provider reads ({@code azure.*} in {@code mayabench.yaml},
 * {@code mayabench.azure.*} properties, {@code MAYABENCH_AZURE_*} variables). Credentials are not among them: they
 * come from {@code DefaultAzureCredential} only.
 *
 * <pre>{@code
 * // -Dmayabench.provider=azure -Dmayabench.azure.subscription=00000000-0000-0000-0000-000000000000
 * spec.azure().subscription();   // Optional[00000000-0000-0000-0000-000000000000]
 * spec.azure().image();          // Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest
 * }</pre>
 *
 * @param subscription the subscription the run's resource group is created in; empty means
 *                     {@code AZURE_SUBSCRIPTION_ID}
 * @param endpoint     a Resource Manager endpoint other than Azure's (an emulator); empty means Azure's public cloud
 * @param sshCidr      the only source addresses the network security group admits SSH from; empty means this
 *                     machine's public address, detected, as a {@code /32}
 * @param image        the machine image's URN, {@code publisher:offer:sku:version}
 * @param osDiskGiB    size of every node's OS disk
 * @param ttl          how long after creation {@code mayabench reap} may delete the resource group of a run that did
 *                     not delete it itself
 */
@API(status = API.Status.INTERNAL)
public record AzureOptions(Optional<String> subscription, Optional<URI> endpoint, Optional<String> sshCidr,
                           String image, int osDiskGiB, Duration ttl) {

    /**
     * Canonical's Ubuntu 22.04 LTS, generation 2 (the L-series v3 sizes boot gen2 images). The URN is the one in
     * wide public use (fixtures/azure-facts.md section 3); the SDK 2.51.0's KnownLinuxVirtualMachineImage stops at
     * 20.04. No Microsoft page states it: UNVERIFIED, check with
     * {@code az vm image list --publisher Canonical --offer 0001-com-ubuntu-server-jammy --all}.
     */
    public static final String DEFAULT_IMAGE = "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest";
    public static final int DEFAULT_OS_DISK_GIB = 30;
    public static final Duration DEFAULT_TTL = Duration.ofHours(4);

    public AzureOptions {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(sshCidr, "sshCidr");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(ttl, "ttl");
    }

    public static AzureOptions defaults() {
        return new AzureOptions(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_IMAGE,
                DEFAULT_OS_DISK_GIB, DEFAULT_TTL);
    }

    /** The image URN's four parts: publisher, offer, sku, version. */
    public java.util.List<String> imageParts() {
        return java.util.List.of(image.split(":", -1));
    }
}
