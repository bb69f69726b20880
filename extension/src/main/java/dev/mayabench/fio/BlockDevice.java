package dev.mayabench.fio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * The checks before fio may write to a raw block device: it is one, and nothing uses it — not mounted (nor any
 * of its partitions), not swap, not held by LVM, RAID or device-mapper. Read from {@code /proc} and
 * {@code /sys}, the same places {@code lsblk} and {@code findmnt} read.
 *
 * <pre>{@code
 * Path device = BlockDevice.requireUnused(Path.of("/dev/loop3"));   // resolved, checked
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public final class BlockDevice {

    /** The file-type bits of {@code st_mode} for a block device ({@code S_IFBLK}). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private BlockDevice() {
    }

    /**
     * The device's real path, after checking that fio may overwrite it.
     *
     * @throws UnusableDeviceException saying what is wrong or what holds the device
     */
    public static Path requireUnused(Path device) {
        Path real;
        try {
            real = device.toRealPath();
        } catch (IOException e) {
            throw new UnusableDeviceException(device, "it does not exist");
        }
        if (!isBlockDevice(real)) {
            throw new UnusableDeviceException(device, "it is not a block device (a raw-block benchmark needs one, "
                    + "such as /dev/nvme1n1; for files in a directory use volumeMode FILESYSTEM)");
        }
        String name = real.getFileName().toString();
        List<Path> ownAndPartitions = new ArrayList<>();
        ownAndPartitions.add(real);
        ownAndPartitions.addAll(partitions(name));
        for (Path part : ownAndPartitions) {
            Optional<String> mountPoint = mountPointOf(part);
            if (mountPoint.isPresent()) {
                throw new UnusableDeviceException(device, (part.equals(real) ? "it" : "its partition " + part)
                        + " is mounted on " + mountPoint.get());
            }
            if (isSwap(part)) {
                throw new UnusableDeviceException(device, (part.equals(real) ? "it" : "its partition " + part)
                        + " is in use as swap");
            }
            List<String> holders = holders(part.getFileName().toString());
            if (!holders.isEmpty()) {
                throw new UnusableDeviceException(device, (part.equals(real) ? "it" : "its partition " + part)
                        + " is held by " + holders + " (LVM, RAID or device-mapper)");
            }
        }
        return real;
    }

    static boolean isBlockDevice(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & S_IFMT) == S_IFBLK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Path> partitions(String name) {
        Path sys = Path.of("/sys/class/block", name);
        if (!Files.isDirectory(sys)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(sys)) {
            return entries.filter(e -> e.getFileName().toString().startsWith(name)
                            && Files.exists(e.resolve("partition")))
                    .map(e -> Path.of("/dev", e.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> holders(String name) {
        Path dir = Path.of("/sys/class/block", name, "holders");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(e -> e.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Where the device is mounted, from {@code /proc/self/mounts}; sources are compared by real path. */
    private static Optional<String> mountPointOf(Path device) {
        for (String line : lines(Path.of("/proc/self/mounts"))) {
            String[] fields = line.split(" ");
            if (fields.length > 1 && fields[0].startsWith("/") && sameFile(fields[0], device)) {
                return Optional.of(fields[1].replace("\\040", " "));
            }
        }
        return Optional.empty();
    }

    private static boolean isSwap(Path device) {
        return lines(Path.of("/proc/swaps")).stream().skip(1).map(l -> l.split("\\s+")[0])
                .anyMatch(source -> sameFile(source, device));
    }

    private static boolean sameFile(String source, Path device) {
        try {
            return Path.of(source).toRealPath().equals(device);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
