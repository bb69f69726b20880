package dev.mayabench.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks of the Kubernetes and Mayastor settings: shapes only; whether a class or disk exists is asked of the cluster. */
final class KubeChecks {

    static final List<String> FS_TYPES = List.of("ext4", "xfs", "btrfs");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern CHART_VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?");
    private static final Pattern CORE_RANGE = Pattern.compile("(\\d{1,4})\\s*-\\s*(\\d{1,4})");
    private static final Pattern DISK = Pattern.compile("(/dev/|(aio|uring):///dev/)[^\\s,=]+");
    private static final DurationSetting TIMEOUT = new DurationSetting(Duration.ofSeconds(10), Duration.ofHours(6),
            "smh", 'm', "pulling an image or creating a pool takes longer than that", "a wait that long is a hang");

    private KubeChecks() {
    }

    static Verdict<Optional<String>> storageClass(String raw) {
        String value = raw.trim();
        if (value.isEmpty()) {
            return Verdict.accept(Optional.empty());
        }
        if (DNS_SUBDOMAIN.matcher(value).matches()) {
            return Verdict.accept(Optional.of(value));
        }
        String lower = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
        return Verdict.reject("the name of a StorageClass of the cluster (lower case letters, digits, '-' and '.'), "
                + "e.g. gp3 or local-path; empty for the Mayastor class mayabench creates",
                "did you mean '" + lower + "'? ('kubectl get storageclass' lists them)");
    }

    static Verdict<Optional<Path>> kubeconfig(String raw) {
        String allowed = "the path of a kubeconfig file";
        Path path;
        try {
            path = Path.of(raw.trim().replaceFirst("^~(?=/|$)", System.getProperty("user.home")));
        } catch (InvalidPathException e) {
            return Verdict.reject(allowed, e.getReason());
        }
        if (!Files.isRegularFile(path)) {
            return Verdict.reject(allowed, path.toAbsolutePath() + (Files.isDirectory(path)
                    ? " is a directory; name the kubeconfig file in it" : " does not exist; name an existing file "
                    + "(e.g. ~/.kube/config) or leave the setting out to use KUBECONFIG / ~/.kube/config"));
        }
        return Verdict.accept(Optional.of(path));
    }

    static Verdict<String> namespace(String raw) {
        String value = raw.trim();
        if (DNS_LABEL.matcher(value).matches()) {
            return Verdict.accept(value);
        }
        String suggestion = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return Verdict.reject("a Kubernetes namespace name: up to 63 lower case letters, digits and '-'",
                suggestion.isEmpty() ? "" : "did you mean '" + suggestion + "'?");
    }

    static Verdict<String> image(String raw) {
        String value = raw.trim();
        String withoutDigest = value.replaceFirst("@sha256:[0-9a-f]{64}$", "");
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        String repository = colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
        if (!value.isEmpty() && !value.matches(".*\\s.*") && repository.equals(repository.toLowerCase(Locale.ROOT))) {
            return Verdict.accept(value);
        }
        return Verdict.reject("a container image reference with sh and fio in it, e.g. "
                + KubeOptions.DEFAULT_FIO_IMAGE, "write the image as 'registry/repository:tag', the repository in "
                + "lower case, without spaces");
    }

    static Verdict<Duration> timeout(String raw) {
        return TIMEOUT.check(raw);
    }

    static Verdict<java.net.URI> mirror(String raw) {
        String value = raw.trim();
        String allowed = "an http(s) URL under which helm-vX.Y.Z-linux-amd64.tar.gz and its .sha256sum lie, "
                + "e.g. " + KubeOptions.DEFAULT_HELM_MIRROR;
        try {
            java.net.URI uri = new java.net.URI(value.endsWith("/") ? value : value + "/");
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Verdict.accept(uri);
            }
            return Verdict.reject(allowed, "write it with http:// or https:// and a host");
        } catch (java.net.URISyntaxException e) {
            return Verdict.reject(allowed, e.getReason());
        }
    }

    static Verdict<String> chartVersion(String raw) {
        String value = raw.trim().replaceFirst("^v", "");
        if (CHART_VERSION.matcher(value).matches()) {
            return Verdict.accept(value);
        }
        return Verdict.reject("a version of Mayastor's Helm chart such as " + MayastorOptions.DEFAULT_CHART_VERSION,
                "'helm search repo mayastor --versions' lists them");
    }

    /** {@code 2,3} or {@code 2-5}: the cores the io-engine polls with. */
    static Verdict<List<Integer>> cores(String raw) {
        String allowed = "CPU core numbers separated by commas, ranges allowed, e.g. 2,3 or 2-5";
        java.util.TreeSet<Integer> cores = new java.util.TreeSet<>();
        for (String part : raw.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            Matcher range = CORE_RANGE.matcher(item);
            if (range.matches() && Integer.parseInt(range.group(1)) <= Integer.parseInt(range.group(2))) {
                for (int c = Integer.parseInt(range.group(1)); c <= Integer.parseInt(range.group(2)); c++) {
                    cores.add(c);
                }
            } else if (item.matches("\\d{1,4}")) {
                cores.add(Integer.parseInt(item));
            } else {
                return Verdict.reject(allowed, "'" + item + "' is not a core number or a range low-high");
            }
        }
        return Verdict.accept(List.copyOf(cores));
    }

    static Verdict<String> fsType(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (FS_TYPES.contains(value)) {
            return Verdict.accept(value);
        }
        return Verdict.reject("one of " + String.join(", ", FS_TYPES), Suggestions.didYouMean(value, FS_TYPES));
    }

    /** {@code /dev/nvme1n1} for every node, or {@code storage-1=/dev/nvme1n1,storage-2=/dev/sdb}, or both. */
    static Verdict<PoolDisks> poolDisks(String raw) {
        String allowed = "a disk for every storage node's pool (/dev/nvme1n1, /dev/disk/by-id/..., aio:///dev/sdb), "
                + "and/or node=disk pairs separated by commas (storage-1=/dev/nvme1n1,storage-2=/dev/sdb)";
        String all = null;
        Map<String, String> perNode = new LinkedHashMap<>();
        for (String part : raw.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String disk = eq < 0 ? item : item.substring(eq + 1).trim();
            if (!DISK.matcher(disk).matches()) {
                return Verdict.reject(allowed, disk.startsWith("dev/") || disk.matches("(nvme|sd|xvd|vd)[a-z0-9]+")
                        ? "did you mean '/dev/" + disk.replaceFirst("^dev/", "") + "'?"
                        : "'" + disk + "' is not a disk under /dev");
            }
            if (eq < 0) {
                if (all != null) {
                    return Verdict.reject(allowed, "two disks for every node ('" + all + "', '" + disk + "'); name "
                            + "the node of each: node=disk");
                }
                all = disk;
            } else {
                perNode.put(item.substring(0, eq).trim(), disk);
            }
        }
        return Verdict.accept(new PoolDisks(Optional.ofNullable(all), perNode));
    }

    /** The parsed {@code mayastor.poolDisk} setting. */
    record PoolDisks(Optional<String> all, Map<String, String> perNode) {
    }
}
