package dev.mayabench.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.Preconditioning;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.stage.Workspace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The volumes a preconditioned benchmark measures on Kubernetes, kept for the cluster's life so the fill is done
 * once per volume, not once per run ({@code @Fio(precondition)}, issue 16). Without preconditioning every run claims
 * fresh volumes and deletes them ({@link PodWorkload}); with it, run {@code i}'s pod of a volume shape uses the claim
 * {@link #claimName} (the same name for every run of the cluster and shape), which is created on first use and left
 * in place after the run; {@link #deleteAll} (from {@link KubeStages#tearDown}) deletes them with the cluster.
 *
 * <p><b>What a fill covers is written on the claim itself</b>, as an annotation per filled target
 * ({@value #FILL_PREFIX}{@code <hash of the target>}: a {@link VolumeFill} as JSON), not only in the workspace: an
 * annotation is "arbitrary non-identifying metadata" that tools attach to an object and read back
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/), so it lives exactly as long as
 * the volume it describes, is read by a later JVM of a kept cluster ({@code reuse}) without its workspace, and cannot
 * claim a fill for a volume that was deleted and claimed again (the new claim has no annotations). The claims carry
 * the labels {@value #KEPT_LABEL}{@code =true} and {@value #CLUSTER_LABEL}{@code =<cluster>}, by which teardown
 * finds them.
 *
 * <p><b>Which fill covers which run.</b> On a raw block volume the fill wrote the whole device: any later job on that
 * device is covered (one target, {@value #DEVICE_TARGET}). On a filesystem the fill wrote the data files of the
 * measured job ({@code <job>.<n>.0} at their sizes, {@link dev.mayabench.fio.Precondition#jobText}); a later job
 * with other file names or sizes is <em>not</em> covered and its own files are filled (once, then recorded beside
 * the first). Filling the whole filesystem instead was rejected: it would leave no free space for the measured job's
 * files, and deleting a fill file to make room may hand its blocks back to the volume (a filesystem mounted with
 * {@code discard}, or an {@code fstrim}, unmaps them on a thin Mayastor volume), so what the measured files get would
 * again be unwritten space. A fill also only covers the same mode ({@code sequential} does not stand in for
 * {@code sequential+random}, nor the other way: the device is left in another state).
 *
 * <pre>{@code
 * String claim = KeptVolumes.claimName("bench", "mayastor-1", "1Gi", VolumeMode.FILESYSTEM, 0);  // mb-bench-1a2b3c4d-0
 * Optional<VolumeFill> done = KeptVolumes.fillOf(client.persistentVolumeClaims().inNamespace("mayabench")
 *         .withName(claim).get(), KeptVolumes.target(job, VolumeMode.FILESYSTEM), "sequential");
 * }</pre>
 */
final class KeptVolumes {

    /** Marks a claim kept for the cluster's life (preconditioned), as opposed to a run's own. */
    static final String KEPT_LABEL = "mayabench.dev/kept-volume";
    /** The cluster a kept claim belongs to (its name, as a label value). */
    static final String CLUSTER_LABEL = "mayabench.dev/cluster";
    /** The annotation prefix of the fills recorded on a claim; the rest is a hash of the target. */
    static final String FILL_PREFIX = "precondition.mayabench.dev/";
    /** The target of every job on a raw block volume: the whole device. */
    static final String DEVICE_TARGET = "raw block " + FioPod.DEVICE;
    /** Kubernetes' only access mode for one pod's writable volume; part of the shape, so in the name's hash. */
    static final String ACCESS_MODE = "ReadWriteOnce";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The workspace attribute that lists the kept claims ({@code namespace/name,...}), for teardown. */
    static final String STATE_ATTRIBUTE = "kube.keptVolumes";

    private KeptVolumes() {
    }

    /**
     * The kept claims of one run: their cluster, which fill ({@code target}, precondition {@code mode}) the run
     * needs on them, and whether a fill it does may be recorded ({@code lasting}: false when the job deletes its data
     * files, {@link #deletesItsFiles}).
     */
    record Use(Workspace workspace, String cluster, String target, String mode, boolean lasting) {

        /**
         * The kept claim of pod {@code index}: the one there, or a new one (listed in the workspace for teardown).
         *
         * @throws KubeException when a claim of that name is being deleted, or is not one mayabench keeps
         */
        PersistentVolumeClaim claim(KubernetesClient client, String namespace, String storageClass, String size,
                                    VolumeMode volumeMode, int index) {
            String name = claimName(cluster, storageClass, size, volumeMode, index);
            var resource = client.persistentVolumeClaims().inNamespace(namespace).withName(name);
            PersistentVolumeClaim found = resource.get();
            if (found == null) {
                try {
                    found = client.persistentVolumeClaims().inNamespace(namespace)
                            .resource(newClaim(name, cluster, storageClass, size, volumeMode)).create();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                    found = resource.get(); // another run of the cluster made it just now
                }
                workspace.updateState(s -> {
                    Set<String> listed = new LinkedHashSet<>(listed(s.attributes().get(STATE_ATTRIBUTE)));
                    listed.add(namespace + "/" + name);
                    return s.withAttribute(STATE_ATTRIBUTE, String.join(",", listed));
                });
            }
            if (found == null) {
                throw new KubeException("the kept PVC " + namespace + "/" + name + " was deleted while this run "
                        + "claimed it (a teardown of cluster " + cluster + " running at the same time?); run again "
                        + "once the teardown is done");
            }
            Map<String, String> labels = found.getMetadata().getLabels();
            if (labels == null || !"true".equals(labels.get(KEPT_LABEL))) {
                throw new KubeException("PVC " + namespace + "/" + name + " exists but is not one mayabench keeps (no "
                        + "label " + KEPT_LABEL + "=true): mayabench will not write to it; delete it ('kubectl delete "
                        + "pvc -n " + namespace + " " + name + "') or give the cluster another name");
            }
            if (found.getMetadata().getDeletionTimestamp() != null) {
                throw new KubeException("the kept PVC " + namespace + "/" + name + " is being deleted (since "
                        + found.getMetadata().getDeletionTimestamp() + "): a teardown of cluster " + cluster
                        + " runs, or it was deleted by hand; run again once 'kubectl get pvc -n " + namespace + " "
                        + name + "' finds nothing");
            }
            return found;
        }
    }

    static List<String> listed(String attribute) {
        return attribute == null || attribute.isBlank() ? List.of() : List.of(attribute.split(","));
    }

    /**
     * One fill recorded on a kept claim.
     *
     * @param target  {@link #target}: what the fill covers
     * @param runName the test's run that filled it ({@code randomWrite})
     * @param runId   that run's id ({@code mb-randomwrite-1a2b3c}): tells this run's fill from an earlier one
     * @param fill    what the fill did, as the pod reported it
     */
    record VolumeFill(String target, String runName, String runId, Preconditioning fill) {

        String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a fill record as JSON", e);
            }
        }

        /**
         * Empty when the text is not one (edited by hand, or written by another version): then the volume is filled
         * again.
         */
        static Optional<VolumeFill> fromJson(String json) {
            try {
                VolumeFill read = JSON.readValue(json, VolumeFill.class);
                return read.target() == null || read.fill() == null ? Optional.empty() : Optional.of(read);
            } catch (JsonProcessingException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /** "already filled by randomWrite (run mb-...) at 2026-...: sequential of ..." */
        String describeEarlier() {
            return "already filled by " + runName + " (run " + runId + ") at " + fill.at() + ": " + fill.describe();
        }
    }

    /**
     * The claim of pod {@code index} for a volume shape: {@code mb-<cluster>-<hash>-<index>}, the hash over the
     * StorageClass, size, volume mode and access mode, so another shape gets other claims and the same shape (in any
     * run, any JVM) the same ones. At most 63 characters, a DNS label, as the claim's name may also become a label
     * value or a volume name elsewhere.
     */
    static String claimName(String cluster, String storageClass, String size, VolumeMode mode, int index) {
        String shape = hash(storageClass + "\n" + size + "\n" + mode + "\n" + ACCESS_MODE).substring(0, 8);
        return "mb-" + dnsPart(cluster, 40) + "-" + shape + "-" + index;
    }

    /** The cluster's name as a label value (at most 63 characters of {@code [a-z0-9-]}). */
    static String clusterLabel(String cluster) {
        return dnsPart(cluster, 63);
    }

    /** What a fill of {@code measured} covers on a volume of {@code mode}: the device, or the job's data files. */
    static String target(FioJob measured, VolumeMode mode) {
        return mode == VolumeMode.BLOCK ? DEVICE_TARGET
                : Preconditioning.describeTarget(measured, VolumeMode.FILESYSTEM, Path.of(FioPod.DATA));
    }

    /**
     * Whether the job deletes its data files when it ends (fio's {@code unlink} or {@code unlink_each_loop}, a bare
     * boolean option meaning on): then a fill of its files does not outlive the run and is not recorded, and every
     * run fills again. Files that stay are not laid out again by the next run: fio's layout step leaves an existing
     * data file of the job's size as it is (checked with fio 3.33: a marker written into the file survives a second
     * {@code fio --create_only=1}).
     */
    static boolean deletesItsFiles(String jobText) {
        return jobText.lines().map(String::trim).anyMatch(line -> line.matches(
                "unlink(_each_loop)?\\s*(=\\s*(1|true|yes|on)\\s*)?"));
    }

    /** A new kept claim of the shape, labelled for the cluster (its own, not a run's, so a run's cleanup leaves it). */
    static PersistentVolumeClaim newClaim(String name, String cluster, String storageClass, String size,
                                          VolumeMode mode) {
        Map<String, String> labels = new LinkedHashMap<>(DeployStage.MANAGED);
        labels.put(KEPT_LABEL, "true");
        labels.put(CLUSTER_LABEL, clusterLabel(cluster));
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withAccessModes(ACCESS_MODE).withStorageClassName(storageClass)
                .withVolumeMode(mode == VolumeMode.BLOCK ? "Block" : "Filesystem")
                .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec().build();
    }

    /**
     * The fill recorded on {@code claim} that covers {@code target} in {@code mode}, or empty: then the volume is
     * filled (again).
     */
    static Optional<VolumeFill> fillOf(PersistentVolumeClaim claim, String target, String mode) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        if (annotations == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(annotations.get(annotationKey(target))).flatMap(VolumeFill::fromJson)
                .filter(f -> f.target().equals(target) && f.fill().mode().equals(mode));
    }

    /** Writes {@code fill} on the claim, replacing an earlier fill of the same target. */
    static void record(KubernetesClient client, String namespace, String claim, VolumeFill fill) {
        client.persistentVolumeClaims().inNamespace(namespace).withName(claim).edit(c -> {
            Map<String, String> annotations = c.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(c.getMetadata().getAnnotations());
            annotations.put(annotationKey(fill.target()), fill.toJson());
            c.getMetadata().setAnnotations(annotations);
            return c;
        });
    }

    /**
     * An annotation key per target: {@value #FILL_PREFIX} and 16 hex digits of the target's hash (a key's name part
     * is at most 63 characters, so the target itself, a list of files, cannot be the key; it is in the value).
     */
    static String annotationKey(String target) {
        return FILL_PREFIX + hash(target).substring(0, 16);
    }

    /**
     * Deletes the cluster's kept claims in {@code namespace} and waits until they are gone (their volumes go with
     * them: Mayastor's StorageClass has {@code reclaimPolicy: Delete}).
     *
     * @return the claims that are still there, empty when all went
     */
    static List<String> deleteAll(KubernetesClient client, String namespace, String cluster, Wait wait,
                                  Consumer<String> log) {
        String label = clusterLabel(cluster);
        List<String> kept = names(client, namespace, label);
        if (kept.isEmpty()) {
            return List.of();
        }
        client.persistentVolumeClaims().inNamespace(namespace).withLabel(KEPT_LABEL, "true")
                .withLabel(CLUSTER_LABEL, label).delete();
        try {
            wait.until("the kept (preconditioned) PVC(s) " + kept + " to be deleted", () -> {
                List<String> left = names(client, namespace, label);
                return left.isEmpty() ? Poll.done(true) : Poll.waiting(String.join(", ", left));
            }, () -> "none collected for a teardown");
        } catch (KubeException e) {
            log.accept("could not delete the kept PVC(s): " + e.getMessage());
            return names(client, namespace, label).stream().map(n -> "PVC " + namespace + "/" + n).toList();
        }
        log.accept("deleted the kept (preconditioned) PVC(s) " + kept + " in namespace " + namespace);
        return List.of();
    }

    private static List<String> names(KubernetesClient client, String namespace, String label) {
        List<String> found = new ArrayList<>();
        client.persistentVolumeClaims().inNamespace(namespace).withLabel(KEPT_LABEL, "true")
                .withLabel(CLUSTER_LABEL, label).list().getItems().forEach(c -> found.add(c.getMetadata().getName()));
        return found;
    }

    private static String dnsPart(String text, int max) {
        String part = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (part.length() > max) {
            // a long name is cut, and a hash of the whole keeps two long names that share a start apart
            part = part.substring(0, max - 9).replaceAll("-+$", "") + "-" + hash(text).substring(0, 8);
        }
        return part.isEmpty() ? "cluster" : part;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
