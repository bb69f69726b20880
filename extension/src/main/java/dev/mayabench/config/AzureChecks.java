package dev.mayabench.config;

import com.azure.core.management.Region;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of the {@code azure.*} settings and of {@code region}, {@code instance} and {@code workerInstance} when
 * the provider is azure: shapes and names only; whether a size may be used in a region is asked of Azure (the
 * provider's pre-flight reads the resource SKUs).
 */
final class AzureChecks {

    private static final Pattern SUBSCRIPTION = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Azure's VM size names: Standard_ (or Basic_), a family letter and the vCPUs, then features and version. */
    private static final Pattern VM_SIZE = Pattern.compile("(Standard|Basic)_[A-Z][A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*");
    private static final Pattern EC2_TYPE = Pattern.compile(
            "([a-z][a-z0-9-]*[0-9][a-z0-9-]*)\\.([0-9]*)(x?large|medium|small|micro|nano|metal.*)");
    /**
     * The region names the SDK knows (azure-core-management 1.17.0, com.azure.core.management.Region's constants:
     * eastus, westeurope, ...), read once: {@code Region.fromName} adds any name it is given to the same list.
     */
    static final List<String> REGIONS = Region.values().stream().map(Region::name).sorted().toList();
    // Sizes with local NVMe (L-series v3, docs: azure-compute-docs articles/virtual-machines/sizes/storage-optimized/
    // lsv3-series.md; fixtures/azure-facts.md section 5) and general purpose D-series v5, by vCPUs, for suggestions.
    private static final int[] LSV3_VCPUS = {8, 16, 32, 48, 64, 80};
    private static final int[] DSV5_VCPUS = {2, 4, 8, 16, 32, 48, 64, 96};

    static final String SIZE_ALLOWED = "an Azure VM size, e.g. Standard_L8s_v3 (local NVMe, for storage nodes) or "
            + "Standard_D4s_v5";

    private AzureChecks() {
    }

    static Verdict<Optional<String>> subscription(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (SUBSCRIPTION.matcher(value).matches()) {
            return Verdict.accept(Optional.of(value));
        }
        return Verdict.reject("a subscription id, a GUID such as 00000000-0000-0000-0000-000000000000",
                "'az account show --query id -o tsv' prints the current one; the name of a subscription is not "
                        + "its id");
    }

    static Verdict<Optional<URI>> endpoint(String raw) {
        String value = raw.trim();
        String allowed = "an https URL of a Resource Manager endpoint, e.g. https://127.0.0.1:8443/";
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Verdict.reject(allowed, "did you mean 'https://" + value + "'?");
            }
            if (!uri.getScheme().equalsIgnoreCase("https")) {
                // the SDK's bearer-token policy refuses to send a token over plain http
                return Verdict.reject(allowed, "Azure's SDK sends tokens over https only; use https://"
                        + value.replaceFirst("^[A-Za-z]+://", ""));
            }
            return Verdict.accept(Optional.of(uri));
        } catch (URISyntaxException e) {
            return Verdict.reject(allowed, e.getReason());
        }
    }

    static Verdict<String> image(String raw) {
        String value = raw.trim();
        String[] parts = value.split(":", -1);
        boolean complete = parts.length == 4 && List.of(parts).stream().noneMatch(String::isBlank);
        if (complete) {
            return Verdict.accept(value);
        }
        return Verdict.reject("an image URN publisher:offer:sku:version, e.g. " + AzureOptions.DEFAULT_IMAGE,
                parts.length == 3 ? "add the version: '" + value + ":latest'"
                        : "'az vm image list --publisher Canonical --all -o table' lists the URNs");
    }

    static Verdict<Optional<String>> region(String raw) {
        String value = raw.trim();
        if (REGIONS.contains(value)) {
            return Verdict.accept(Optional.of(value));
        }
        // the portal's display names ("West Europe") and stray case: Resource Manager names are lower case, no spaces
        String squeezed = value.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
        if (REGIONS.contains(squeezed)) {
            return Verdict.reject("an Azure region name such as eastus or westeurope",
                    "did you mean '" + squeezed + "'?");
        }
        return Verdict.reject("an Azure region name such as eastus or westeurope",
                Suggestions.closest(squeezed, REGIONS).map(s -> "did you mean '" + s + "'?")
                        .orElse("'az account list-locations --query [].name -o tsv' lists them"));
    }

    /** A VM size for a storage node ({@code storage}) or a worker/master. */
    static Verdict<String> vmSize(String raw, boolean storage) {
        String value = raw.trim();
        if (VM_SIZE.matcher(value).matches()) {
            return Verdict.accept(value);
        }
        String lower = value.toLowerCase(Locale.ROOT);
        Matcher ec2 = EC2_TYPE.matcher(lower);
        if (ec2.matches()) {
            int vcpus = ec2VcpuGuess(ec2.group(2), ec2.group(3));
            boolean storageFamily = ec2.group(1).startsWith("i") || storage;
            String equivalent = storageFamily ? "Standard_L" + atLeast(LSV3_VCPUS, vcpus) + "s_v3"
                    : "Standard_D" + atLeast(DSV5_VCPUS, vcpus) + "s_v5";
            return Verdict.reject(SIZE_ALLOWED, "'" + value + "' is an EC2 instance type; the Azure size with "
                    + "about as many vCPUs" + (storageFamily ? " and local NVMe" : "") + " is '" + equivalent + "'");
        }
        if (lower.matches("(standard|basic)_.*")) {
            int family = lower.indexOf('_') + 1;
            String fixed = (lower.startsWith("standard") ? "Standard_" : "Basic_")
                    + Character.toUpperCase(lower.charAt(family)) + lower.substring(family + 1);
            if (VM_SIZE.matcher(fixed).matches()) {
                return Verdict.reject(SIZE_ALLOWED, "did you mean '" + fixed + "'?");
            }
        }
        if (lower.matches("[a-z][0-9]+[a-z0-9_]*")) {
            String fixed = "Standard_" + Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
            return Verdict.reject(SIZE_ALLOWED, "did you mean '" + fixed + "'? Sizes start with Standard_");
        }
        return Verdict.reject(SIZE_ALLOWED, "'az vm list-sizes --location <region> -o table' lists them");
    }

    /** EC2's size names by vCPUs: large 2, xlarge 4, Nxlarge 4N (the documented pattern of most families). */
    private static int ec2VcpuGuess(String multiplier, String size) {
        return switch (size) {
            case "xlarge" -> 4 * (multiplier.isEmpty() ? 1 : Integer.parseInt(multiplier));
            case "large" -> 2;
            default -> size.startsWith("metal") ? 64 : 1;
        };
    }

    private static int atLeast(int[] sizes, int vcpus) {
        for (int size : sizes) {
            if (size >= vcpus) {
                return size;
            }
        }
        return sizes[sizes.length - 1];
    }
}
