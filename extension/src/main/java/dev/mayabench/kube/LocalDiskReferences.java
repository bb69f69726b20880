package dev.mayabench.kube;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.LocalDiskReference;
import dev.mayabench.provision.WorkloadRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Results of fio jobs on a node's local disk, kept so results of the same job on other storage can be judged
 * against them ({@code faster-than-local-disk}). A run on a local StorageClass (its provisioner is one of
 * {@link #LOCAL_PROVISIONERS}) is kept; a run elsewhere finds the one kept for the same job text, volume mode
 * and number of volumes, from this run or an earlier one. Kept beside the workspaces ({@code local-disk/}), so
 * classes on different StorageClasses (different workspaces) share them.
 *
 * <pre>{@code
 * // class A: @MayastorCluster(provider = "existing", storageClass = "local-path"): its results are kept
 * // class B: the same @Fio on Mayastor: result.localDisk() holds class A's figures
 * }</pre>
 */
final class LocalDiskReferences {

    static final Set<String> LOCAL_PROVISIONERS = Set.of("rancher.io/local-path", "openebs.io/local",
            "kubernetes.io/no-provisioner", "local.csi.openebs.io", "zfs.csi.openebs.io", "topolvm.io",
            "hostpath.csi.k8s.io");
    private static final String CLASS_FILE = "storage-class";

    private final Path directory;

    LocalDiskReferences(Path directory) {
        this.directory = directory;
    }

    static boolean isLocal(String provisioner) {
        return provisioner != null && LOCAL_PROVISIONERS.contains(provisioner);
    }

    /** Keeps a local-disk run's outputs as the reference of its job. */
    Path keep(String jobText, int volumes, String storageClass, WorkloadRun run) {
        Path dir = directory.resolve(key(jobText, volumes));
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> old = Files.list(dir)) {
                    for (Path f : old.toList()) {
                        Files.delete(f);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CLASS_FILE), storageClass, StandardCharsets.UTF_8);
            for (int i = 0; i < run.outputs().size(); i++) {
                Files.copy(run.outputs().get(i), dir.resolve("pod-" + i + ".json"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local-disk reference in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The reference kept for this job, if a local-disk run of it was kept. */
    Optional<LocalDiskReference> find(String jobText, int volumes) {
        Path dir = directory.resolve(key(jobText, volumes));
        if (!Files.isRegularFile(dir.resolve(CLASS_FILE))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<FioResult> parts = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                parts.add(FioResult.parse(f));
            }
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new LocalDiskReference(Files.readString(dir.resolve(CLASS_FILE)).trim(),
                    FioResult.merge(parts)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String key(String jobText, int volumes) {
        // the job file's comment lines name overrides' origins, which do not change what fio does
        String options = jobText.lines().filter(l -> !l.startsWith(";")).reduce("", (a, b) -> a + b + "\n");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((options + "volumes=" + volumes).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
