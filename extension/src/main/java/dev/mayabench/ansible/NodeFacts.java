package dev.mayabench.ansible;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * What one node was like when the benchmark ran, as {@code node-facts.yml} recorded it: kernel, CPUs, memory,
 * hugepages, the NVMe-oF modules loaded and the NVMe devices present. The report shows them so a reader can
 * trust the numbers (or see why not: no hugepages, a module missing, another disk than expected).
 *
 * <pre>{@code
 * List<NodeFacts> facts = NodeFacts.readAll(workspace.file("facts"));
 * System.out.println(NodeFacts.table(facts));
 * }</pre>
 *
 * @param host            the inventory host
 * @param kernel          {@code uname -r}
 * @param os              distribution and version
 * @param cpus            logical CPUs
 * @param cpuModel        the CPU's model name
 * @param memoryMib       total memory
 * @param hugepagesTotal  2 MiB hugepages reserved
 * @param hugepagesFree   of which free
 * @param hugepageSizeKib the default hugepage size
 * @param modules         the NVMe-oF and VFIO modules loaded
 * @param nvmeDevices     the NVMe devices present
 * @param nvmeDevice      the device the inventory names for the pool, if any: a path, or {@value #INSTANCE_STORE}
 *                        for the node's EC2 instance-store disk, found by its model
 */
@API(status = API.Status.EXPERIMENTAL)
public record NodeFacts(String host, String kernel, String os, int cpus, String cpuModel, long memoryMib,
                        long hugepagesTotal, long hugepagesFree, long hugepageSizeKib, List<String> modules,
                        List<NvmeDevice> nvmeDevices, Optional<String> nvmeDevice) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The inventory's {@code nvme_device} for "this node's EC2 instance-store disk, whatever its NVMe name": on
     * Nitro instances the order of NVMe names is not stable (AWS EC2 User Guide, "Amazon EBS volumes and NVMe":
     * "The block device driver can assign NVMe device names in a different order than you specified"), so the
     * disk is found by its model instead, and named by its {@code /dev/disk/by-id/} link.
     */
    public static final String INSTANCE_STORE = "instance-store";
    /** The NVMe model of EC2 instance-store disks (EC2 EBS disks report "Amazon Elastic Block Store"). */
    public static final String INSTANCE_STORE_MODEL = "Amazon EC2 NVMe Instance Storage";
    /**
     * The NVMe models of Azure's local disks (L-series and other sizes with local NVMe): "Microsoft NVMe Direct Disk",
     * and "... v2" on newer sizes (as lsblk reports them on Standard_L8s_v3 and on v6 sizes in public test code; no
     * Microsoft page lists them: UNVERIFIED beyond that). Azure's managed disks report "Virtual Disk".
     */
    public static final List<String> AZURE_LOCAL_NVME_MODELS = List.of("Microsoft NVMe Direct Disk",
            "Microsoft NVMe Direct Disk v2");

    /** Whether a disk of this model is a machine's own local NVMe disk (EC2 instance store, Azure local NVMe). */
    public static boolean isLocalNvmeModel(String model) {
        String trimmed = model == null ? "" : model.trim();
        return INSTANCE_STORE_MODEL.equals(trimmed) || AZURE_LOCAL_NVME_MODELS.contains(trimmed);
    }

    public NodeFacts {
        modules = modules == null ? List.of() : List.copyOf(modules);
        nvmeDevices = nvmeDevices == null ? List.of() : List.copyOf(nvmeDevices);
        nvmeDevice = nvmeDevice == null ? Optional.empty() : nvmeDevice.filter(d -> !d.isBlank());
    }

    /**
     * One NVMe device: its name and size in bytes as {@code lsblk} reports them, its model and serial as the kernel
     * does ({@code /sys/block/<name>/device/model}, {@code .../serial}, trimmed).
     */
    public record NvmeDevice(String name, long size, String model, String serial) {

        public NvmeDevice {
            model = model == null ? "" : model.trim();
            serial = serial == null ? "" : serial.trim();
        }

        /** Whether this is the machine's own local NVMe disk: EC2 instance store, or Azure's local NVMe. */
        public boolean isInstanceStore() {
            return isLocalNvmeModel(model);
        }

        /**
         * The link udev makes for it: {@code /dev/disk/by-id/nvme-<model>_<serial>}, whitespace replaced by
         * {@code _} (systemd {@code rules.d/60-persistent-storage.rules}: {@code ENV{ID_SERIAL}="$env{ID_MODEL}_
         * $env{ID_SERIAL_SHORT}", SYMLINK+="disk/by-id/nvme-$env{ID_SERIAL}"}); empty without model or serial.
         */
        public Optional<String> byIdLink() {
            if (model.isEmpty() || serial.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("/dev/disk/by-id/nvme-" + (model + "_" + serial).replaceAll("\\s+", "_"));
        }

        /** {@code nvme1n1 (Amazon Elastic Block Store, 8 GiB)}, for messages. */
        public String describe() {
            return name + " (" + (model.isEmpty() ? "model unknown" : model) + ", " + sizeText() + ")";
        }

        /** The size in GiB, as people read disk sizes. */
        public String sizeText() {
            return String.format(java.util.Locale.ROOT, "%.0f GiB", size / (double) (1L << 30));
        }
    }

    /** Reads every {@code <host>.json} in the directory, sorted by host. */
    public static List<NodeFacts> readAll(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<NodeFacts> facts = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                facts.add(JSON.readValue(file.toFile(), NodeFacts.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node facts in " + directory + ": " + e.getMessage(), e);
        }
        return facts;
    }

    /** Whether the node has the device the inventory names for its pool. */
    public boolean hasPoolDevice() {
        return nvmeDevice.map(d -> nvmeDevices.stream().anyMatch(n -> d.endsWith("/" + n.name())
                || (INSTANCE_STORE.equals(d) ? n.isInstanceStore() : n.byIdLink().filter(d::equals).isPresent())))
                .orElse(true);
    }

    /** The node's first instance-store disk (in NVMe name order), if it has one with a serial. */
    public Optional<NvmeDevice> instanceStore() {
        return nvmeDevices.stream().filter(NvmeDevice::isInstanceStore).filter(n -> n.byIdLink().isPresent())
                .sorted(java.util.Comparator.comparing(NvmeDevice::name)).findFirst();
    }

    /** Reads {@code <host>.json} in the directory, if it is there. */
    public static Optional<NodeFacts> read(Path directory, String host) {
        Path file = directory.resolve(host + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), NodeFacts.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node facts " + file + ": " + e.getMessage(), e);
        }
    }

    /** A plain-text table of the facts, one row per node, for the report and the console. */
    public static String table(List<NodeFacts> facts) {
        StringBuilder table = new StringBuilder(String.format("%-14s %-22s %-18s %5s %9s %-14s %-36s %s%n",
                "node", "kernel", "os", "cpus", "memory", "hugepages", "modules", "nvme"));
        for (NodeFacts f : facts) {
            String nvme = f.nvmeDevices().isEmpty() ? "none" : String.join(", ", f.nvmeDevices().stream()
                    .map(d -> d.name() + " " + d.sizeText()).toList());
            if (f.nvmeDevice().isPresent()) {
                nvme += " (pool: " + f.nvmeDevice().get() + (f.hasPoolDevice() ? ")" : ", NOT PRESENT)");
            }
            table.append(String.format("%-14s %-22s %-18s %5d %6d MiB %-14s %-36s %s%n", f.host(), f.kernel(),
                    f.os(), f.cpus(), f.memoryMib(), f.hugepagesFree() + "/" + f.hugepagesTotal() + " free",
                    f.modules().isEmpty() ? "none" : String.join(",", f.modules()), nvme));
        }
        return table.toString();
    }
}
