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
 * @param nvmeDevice      the device the inventory names for the pool, if any
 */
@API(status = API.Status.EXPERIMENTAL)
public record NodeFacts(String host, String kernel, String os, int cpus, String cpuModel, long memoryMib,
                        long hugepagesTotal, long hugepagesFree, long hugepageSizeKib, List<String> modules,
                        List<NvmeDevice> nvmeDevices, Optional<String> nvmeDevice) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public NodeFacts {
        modules = modules == null ? List.of() : List.copyOf(modules);
        nvmeDevices = nvmeDevices == null ? List.of() : List.copyOf(nvmeDevices);
        nvmeDevice = nvmeDevice == null ? Optional.empty() : nvmeDevice.filter(d -> !d.isBlank());
    }

    /** One NVMe device: its name, size in bytes and model as {@code lsblk} reports them. */
    public record NvmeDevice(String name, long size, String model) {

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
        return nvmeDevice.map(d -> nvmeDevices.stream().anyMatch(n -> d.endsWith("/" + n.name()))).orElse(true);
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
