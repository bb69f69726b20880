package dev.mayabench.provision.aws;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.Suggestions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;

/**
 * Asks EC2, before anything is created (and paid for), whether the plan can work in the region: every instance
 * type exists, the storage nodes' type has instance-store NVMe for the Mayastor pools, one availability zone
 * offers every type, and the machine image exists. Problems become one {@link ConfigurationException} naming the
 * setting, the value, what the region offers and the fix.
 *
 * <pre>{@code
 * Ec2Preflight.Findings f = new Ec2Preflight(ec2, "eu-west-1", log::info).check(plan, options, strict);
 * f.zone();    // "eu-west-1a"
 * f.image();   // the newest Ubuntu 22.04 image
 * }</pre>
 */
final class Ec2Preflight {

    /** Canonical's account, the owner of the official Ubuntu images. */
    static final String CANONICAL = "099720109477";
    static final String UBUNTU_2204 = "ubuntu/images/hvm-ssd*/ubuntu-jammy-22.04-amd64-server-*";

    private final Ec2Client ec2;
    private final String region;
    private final Consumer<String> progress;

    Ec2Preflight(Ec2Client ec2, String region, Consumer<String> progress) {
        this.ec2 = ec2;
        this.region = region;
        this.progress = progress;
    }

    /** What provisioning needs to know from the checks. */
    record Findings(String zone, MachineImage image, Map<String, InstanceTypeInfo> types, List<String> warnings) {
    }

    /** The image the instances boot: its id, name and root device (whose volume size is set). */
    record MachineImage(String id, String name, String rootDevice) {
    }

    Findings check(ClusterPlan plan, Optional<String> zone, Optional<String> ami, boolean strict) {
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, InstanceTypeInfo> types = describeTypes(plan, problems);
        for (String storageType : plan.storageTypes()) {
            InstanceTypeInfo info = types.get(storageType);
            if (info != null && !hasNvmeInstanceStore(info)) {
                String sentence = "instance type " + storageType + " has no instance-store NVMe disk, so the "
                        + "Mayastor pools would sit on network storage (EBS) and measure it, not local NVMe; use "
                        + "a type with local NVMe such as i3.xlarge, i3en.large, m5d.large or c5d.large";
                if (strict) {
                    problems.add(new Problem("instance", storageType, "a type with instance-store NVMe (strict)",
                            sentence, "aws " + region));
                } else {
                    warnings.add(sentence + " (mayabench.strict=true makes this an error)");
                }
            }
        }
        String chosenZone = problems.isEmpty() ? chooseZone(plan, zone, problems) : "";
        MachineImage image = problems.isEmpty() ? image(ami, problems) : null;
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        warnings.forEach(w -> progress.accept("warning: " + w));
        return new Findings(chosenZone, image, types, warnings);
    }

    static boolean hasNvmeInstanceStore(InstanceTypeInfo info) {
        return Boolean.TRUE.equals(info.instanceStorageSupported()) && info.instanceStorageInfo() != null
                && !"unsupported".equals(info.instanceStorageInfo().nvmeSupportAsString());
    }

    /** Looks every type up, one call each so an unknown one can be named (EC2 rejects the whole call). */
    private Map<String, InstanceTypeInfo> describeTypes(ClusterPlan plan, List<Problem> problems) {
        Map<String, InstanceTypeInfo> found = new LinkedHashMap<>();
        for (String type : plan.instanceTypes()) {
            try {
                ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings(type)).instanceTypes()
                        .forEach(info -> found.put(info.instanceTypeAsString(), info));
            } catch (Ec2Exception e) {
                if (!Ec2Teardown.code(e).startsWith("InvalidInstanceType")) {
                    throw e;
                }
            }
            if (!found.containsKey(type)) {
                problems.add(new Problem(settingOf(plan, type), type, "an instance type EC2 offers in " + region,
                        Suggestions.closest(type, offeredInRegion()).map(s -> "did you mean '" + s + "'?")
                                .orElse("see 'aws ec2 describe-instance-type-offerings --region " + region + "'"),
                        "aws " + region));
            }
        }
        return found;
    }

    private static String settingOf(ClusterPlan plan, String type) {
        return plan.storageTypes().contains(type) ? "instance" : "workerInstance";
    }

    private Set<String> offeredInRegion() {
        Set<String> types = new TreeSet<>();
        ec2.describeInstanceTypeOfferingsPaginator(b -> b.locationType(LocationType.REGION))
                .instanceTypeOfferings()
                .forEach(o -> types.add(o.instanceTypeAsString()));
        return types;
    }

    private String chooseZone(ClusterPlan plan, Optional<String> wanted, List<Problem> problems) {
        Map<String, Set<String>> zonesByType = new LinkedHashMap<>();
        plan.instanceTypes().forEach(t -> zonesByType.put(t, new TreeSet<>()));
        for (InstanceTypeOffering offering : ec2.describeInstanceTypeOfferingsPaginator(b -> b
                        .locationType(LocationType.AVAILABILITY_ZONE)
                        .filters(Filter.builder().name("instance-type").values(plan.instanceTypes()).build()))
                .instanceTypeOfferings()) {
            zonesByType.computeIfAbsent(offering.instanceTypeAsString(), t -> new TreeSet<>()).add(offering.location());
        }
        Set<String> common = null;
        for (Set<String> zones : zonesByType.values()) {
            if (common == null) {
                common = new TreeSet<>(zones);
            } else {
                common.retainAll(zones);
            }
        }
        String offered = zonesByType.entrySet().stream()
                .map(e -> e.getKey() + " in " + (e.getValue().isEmpty() ? "no zone" : String.join(", ", e.getValue())))
                .collect(Collectors.joining("; "));
        if (wanted.isPresent()) {
            if (common.contains(wanted.get())) {
                return wanted.get();
            }
            List<String> missing = zonesByType.entrySet().stream()
                    .filter(e -> !e.getValue().contains(wanted.get())).map(Map.Entry::getKey).toList();
            problems.add(new Problem("aws.zone", wanted.get(), "a zone of " + region + " that offers "
                    + String.join(", ", plan.instanceTypes()), wanted.get() + " does not offer "
                    + String.join(", ", missing) + " (offered: " + offered + ")"
                    + (common.isEmpty() ? "" : "; use " + common.iterator().next()), "aws " + region));
            return "";
        }
        if (common.isEmpty()) {
            problems.add(new Problem("instance", String.join(", ", plan.instanceTypes()),
                    "instance types that one availability zone of " + region + " offers together",
                    "no zone offers them all (" + offered + "); choose types offered in one zone, or another "
                            + "region", "aws " + region));
            return "";
        }
        String zone = common.iterator().next();
        progress.accept("availability zone " + zone + " offers " + String.join(", ", plan.instanceTypes()));
        return zone;
    }

    private MachineImage image(Optional<String> ami, List<Problem> problems) {
        List<Image> images;
        if (ami.isPresent()) {
            try {
                images = ec2.describeImages(b -> b.imageIds(ami.get())).images();
            } catch (Ec2Exception e) {
                if (!Ec2Teardown.code(e).startsWith("InvalidAMIID")) {
                    throw e;
                }
                images = List.of();
            }
            if (images.isEmpty()) {
                problems.add(new Problem("aws.ami", ami.get(), "an image that exists in " + region,
                        "AMI ids differ per region; look the id up for " + region + ", or remove aws.ami to use "
                                + "the newest Ubuntu 22.04 image", "aws " + region));
                return null;
            }
        } else {
            images = ec2.describeImages(b -> b.owners(CANONICAL).filters(
                    Filter.builder().name("name").values(UBUNTU_2204).build(),
                    Filter.builder().name("architecture").values("x86_64").build(),
                    Filter.builder().name("state").values("available").build())).images();
            if (images.isEmpty()) {
                problems.add(new Problem("aws.ami", "", "an Ubuntu 22.04 or newer image",
                        "Canonical publishes no Ubuntu 22.04 amd64 image in " + region + "; set aws.ami to an "
                                + "Ubuntu image id of the region", "aws " + region));
                return null;
            }
        }
        Image newest = images.stream()
                .max(Comparator.comparing(i -> Optional.ofNullable(i.creationDate()).orElse("")))
                .orElseThrow();
        String root = newest.rootDeviceName() == null ? "/dev/sda1" : newest.rootDeviceName();
        progress.accept("image " + newest.imageId() + " (" + newest.name() + ")");
        return new MachineImage(newest.imageId(), String.valueOf(newest.name()), root);
    }
}
