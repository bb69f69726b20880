package dev.mayabench.kube;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.internal.log.MayabenchLog;
import dev.mayabench.provision.WorkloadRun;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;

/**
 * The workload stage on Kubernetes: runs one {@link FioJob} as one {@link FioPod} per volume, all started
 * together, and returns each pod's fio output for the caller to merge. Per run it creates a ConfigMap with the
 * job, {@code volumes} PVCs of the benchmarked StorageClass and the pods (pinned to the fio client nodes when
 * the deploy stage labelled some), waits for the volumes to bind and the pods to be ready (data laid out), sets
 * the common start time, waits for fio to finish, reads the results and fio's interval logs from the pods' logs
 * (see {@link PodOutput}; the interval logs are kept beside each pod's JSON output), and deletes what it
 * created unless {@code kube.keep} is set. A run that preconditions ({@link PodPrecondition}) measures the
 * cluster's kept claims instead of new ones ({@link KeptVolumes}): they outlive the run, so each is filled once.
 * Every wait has a deadline; a failed pod or a timeout ends the run with the pods' status, events and logs as
 * evidence.
 *
 * <pre>{@code
 * WorkloadRun run = new PodWorkload(target).run(job, VolumeMode.FILESYSTEM, resultsDir, "randomRead");
 * List<FioResult> parts = new ArrayList<>();
 * for (int i = 0; i < run.outputs().size(); i++) {   // ranOn: the pod's name, which keeps its interval logs
 *     parts.add(FioResult.parse(run.outputs().get(i)).ranOn(run.sources().get(i)));
 * }
 * FioResult merged = FioResult.merge(parts);         // merged.timeline(): all pods on one time axis
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class PodWorkload {

    static final String RUN_LABEL = "mayabench.dev/run";
    /** Time for the kubelets to project the start annotation into every pod before it is due. */
    static final Duration START_MARGIN = Duration.ofSeconds(5);
    static final Duration SKEW_WARNING = Duration.ofSeconds(1);
    private static final Logger LOG = MayabenchLog.named("mayabench.stage.workload");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubeTarget target;

    public PodWorkload(KubeTarget target) {
        this.target = target;
    }

    public WorkloadRun run(FioJob job, VolumeMode mode, Path runDirectory, String runName) {
        return run(job, mode, Optional.empty(), runDirectory, runName);
    }

    /**
     * Like {@link #run(FioJob, VolumeMode, Path, String)}, each pod first filling its volume ({@link PodPrecondition})
     * before it reports ready; the fills are then recorded beside the outputs ({@link PodPrecondition#recorded}).
     */
    public WorkloadRun run(FioJob job, VolumeMode mode, Optional<PodPrecondition> fill, Path runDirectory,
                           String runName) {
        ClusterSpec spec = target.spec();
        KubernetesClient client = target.client();
        String storageClass = target.workspace().state()
                .map(s -> s.attributes().get(DeployStage.STORAGE_CLASS_ATTRIBUTE))
                .or(target::givenStorageClass)
                .orElseThrow(() -> new KubeException("no StorageClass to benchmark: the deploy stage has not run "
                        + "(it creates Mayastor's) and no storageClass is set"));
        Run run = new Run(client, spec.kube().namespace(), runId(runName),
                new Wait(spec.kube().timeout(), line -> LOG.info("[workload] {}", line)),
                Evidence.of(client, target.workspace().file("logs").resolve("evidence")));
        long t0 = System.nanoTime();
        String jobText = FioPod.jobText(job, mode);
        Path jobFile = write(runDirectory.resolve(runName + ".fio"), jobText);
        LOG.info("[workload] fio {} on {} volume(s) of StorageClass {} in namespace {} (run {})", job.name(),
                spec.volumes(), storageClass, run.namespace, run.id);
        try {
            Map<String, String> fillJobs = fill.map(f -> f.jobFiles(runDirectory, runName)).orElse(Map.of());
            // preconditioned: the cluster's kept volumes of this shape, filled once (KeptVolumes)
            fill.ifPresent(f -> run.keepVolumes(new KeptVolumes.Use(target.workspace(), spec.name(),
                    KeptVolumes.target(job, mode), f.mode(), mode == VolumeMode.BLOCK
                    || !KeptVolumes.deletesItsFiles(jobText))));
            run.claimVolumes(jobText, fillJobs, spec.volumes(), storageClass, spec.volumeSize(), mode);
            run.startPods(job, mode, spec.kube().fioImage(), fill, spec.volumeSize());
            run.waitForFio(job);
            WorkloadRun done = run.collect(runDirectory, runName, jobFile, Duration.ofNanos(System.nanoTime() - t0));
            fill.ifPresent(f -> run.collectFills(f, spec.volumeSize(), runDirectory, runName));
            return done;
        } finally {
            run.cleanUp(spec.kube().keep());
        }
    }

    /** The objects of one run and what is done with them, in order. */
    private static final class Run {

        private final KubernetesClient client;
        private final String namespace;
        private final String id;
        private final Map<String, String> labels = new LinkedHashMap<>(DeployStage.MANAGED);
        private final Wait wait;
        private final Evidence evidence;
        private final List<Supplier<? extends HasMetadata>> created = new ArrayList<>();
        private final List<String> claims = new ArrayList<>();
        private final List<String> pods = new ArrayList<>();
        /** Set when the run measures the cluster's kept volumes ({@link #keepVolumes}). */
        private KeptVolumes.Use kept;
        /** The fills earlier runs recorded on the kept claims, by claim: these pods do not fill. */
        private final Map<String, KeptVolumes.VolumeFill> filledBefore = new LinkedHashMap<>();

        Run(KubernetesClient client, String namespace, String id, Wait wait, Evidence evidence) {
            this.client = client;
            this.namespace = namespace;
            this.id = id;
            this.wait = wait;
            this.evidence = evidence;
            labels.put(RUN_LABEL, id);
        }

        /** Claims the cluster's kept volumes instead of new ones, each filled only if no earlier run filled it. */
        void keepVolumes(KeptVolumes.Use use) {
            kept = use;
        }

        /** The job's ConfigMap and one PVC per volume, bound (unless the class binds on first use). */
        void claimVolumes(String jobText, Map<String, String> fillJobs, int volumes, String storageClass, String size,
                          VolumeMode mode) {
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName(id + "-job").withLabels(labels).endMetadata()
                    .addToData(FioPod.JOB_KEY, jobText).addToData(fillJobs).build()).create();
            for (int i = 0; i < volumes; i++) {
                if (kept != null) {
                    PersistentVolumeClaim found = kept.claim(client, namespace, storageClass, size, mode, i);
                    String claim = found.getMetadata().getName();
                    KeptVolumes.fillOf(found, kept.target(), kept.mode()).filter(earlier -> kept.lasting())
                            .ifPresent(earlier -> filledBefore.put(claim, earlier));
                    claims.add(claim);
                    created.add(() -> client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get());
                    continue;
                }
                String claim = id + "-vol-" + i;
                client.persistentVolumeClaims().inNamespace(namespace).resource(claim(claim, labels, storageClass,
                        size, mode)).create();
                claims.add(claim);
                created.add(() -> client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get());
            }
            if (bindsImmediately(client, storageClass)) {
                wait.until(claims.size() + " PVC(s) of StorageClass " + storageClass + " to be Bound",
                        () -> bound(client, namespace, claims), () -> evidence.collect("pvc-" + id, created, List.of()));
            }
        }

        /** One fio pod per claim, all ready (data laid out), then one start time for all of them. */
        void startPods(FioJob job, VolumeMode mode, String image, Optional<PodPrecondition> fill, String volumeSize) {
            boolean pin = !client.nodes().withLabel(DeployStage.CLIENT_LABEL, "true").list().getItems().isEmpty();
            for (int i = 0; i < claims.size(); i++) {
                String pod = id + "-" + i;
                Pod spec = FioPod.spec(pod, namespace, claims.get(i), id + "-job", image, mode, job, labels, pin);
                if (!filledBefore.containsKey(claims.get(i))) {
                    fill.ifPresent(f -> f.addTo(spec));
                }
                client.pods().inNamespace(namespace).resource(spec).create();
                pods.add(pod);
                created.add(() -> client.pods().inNamespace(namespace).withName(pod).get());
            }
            boolean filling = fill.isPresent() && filledBefore.size() < claims.size();
            (filling ? wait.longer(fill.get().allowance(volumeSize)) : wait).until(pods.size()
                    + " fio pod(s) to be ready (scheduled, volume attached, data laid out"
                    + (filling ? ", volume preconditioned" : "") + ")",
                    () -> ready(client, namespace, pods), () -> evidence.collect("pods-" + id, created, logRefs()));
            long startAt = Instant.now().plus(START_MARGIN).getEpochSecond() + 1;
            for (String pod : pods) {
                client.pods().inNamespace(namespace).withName(pod).edit(p -> {
                    Map<String, String> annotations = p.getMetadata().getAnnotations() == null
                            ? new LinkedHashMap<>() : new LinkedHashMap<>(p.getMetadata().getAnnotations());
                    annotations.put(FioPod.START_ANNOTATION, Long.toString(startAt));
                    p.getMetadata().setAnnotations(annotations);
                    return p;
                });
            }
            LOG.info("[workload] all {} pod(s) ready; fio starts in all of them at {}", pods.size(),
                    Instant.ofEpochSecond(startAt));
        }

        void waitForFio(FioJob job) {
            wait.longer(expected(job)).until("fio to finish in " + pods.size() + " pod(s)",
                    () -> finished(client, namespace, pods), () -> evidence.collect("fio-" + id, created, logRefs()));
        }

        /** Each pod's log and fio output, saved under the run directory. */
        WorkloadRun collect(Path runDirectory, String runName, Path jobFile, Duration elapsed) {
            List<Path> outputs = new ArrayList<>();
            List<Path> logFiles = new ArrayList<>();
            String version = "";
            List<Long> starts = new ArrayList<>();
            for (String pod : pods) {
                String log = client.pods().inNamespace(namespace).withName(pod).getLog();
                Path logFile = write(runDirectory.resolve(runName + "-" + pod + ".log"), log);
                logFiles.add(logFile);
                PodOutput output = PodOutput.of(log);
                String json = output.json().orElseThrow(() -> new KubeException("the log of fio pod " + pod
                        + " has no fio output (no line '" + FioPod.MARKER + "'); the pod's log is in " + logFile));
                outputs.add(write(runDirectory.resolve(runName + "-" + pod + ".json"), json));
                keepIntervalLogs(output, runDirectory, runName + "-" + pod, logFile);
                version = version.isEmpty() ? fioVersion(log) : version;
                started(log).ifPresent(starts::add);
            }
            reportSkew(starts);
            return new WorkloadRun(jobFile, outputs, logFiles, elapsed, version.isEmpty() ? "unknown" : version,
                    pods);
        }

        /**
         * The pod's interval logs beside its JSON output ({@code <stem>_iops.1.log}, ...), where
         * {@code FioResult.timeline()} reads them; none when they did not come back whole (the run's timeline is
         * then empty, its figures are not affected).
         */
        private static void keepIntervalLogs(PodOutput output, Path runDirectory, String stem, Path logFile) {
            dev.mayabench.fio.PodTimelines.deleteSaved(runDirectory, stem);
            Map<String, byte[]> logs;
            try {
                logs = output.intervalLogs();
            } catch (IllegalStateException e) {
                LOG.warn("[workload] no timeline from {}: {} (the pod's log is in {}); a log over the kubelet's "
                        + "containerLogMaxSize (10Mi by default) loses its start: use an image with gzip, or "
                        + "raise containerLogMaxSize", stem, e.getMessage(), logFile);
                return;
            }
            if (logs.isEmpty()) {
                LOG.warn("[workload] {} brought back no interval logs (the pod's log is in {}): the run has no "
                        + "timeline", stem, logFile);
            }
            try {
                for (Map.Entry<String, byte[]> log : logs.entrySet()) {
                    Files.write(runDirectory.resolve(dev.mayabench.fio.PodTimelines.savedName(stem, log.getKey())),
                            log.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the interval logs of " + stem + " in " + runDirectory
                        + ": " + e.getMessage(), e);
            }
        }

        /** Each pod's fill, from the log {@link #collect} saved, recorded beside its output. */
        void collectFills(PodPrecondition fill, String volumeSize, Path runDirectory, String runName) {
            for (int i = 0; i < pods.size(); i++) {
                String stem = runName + "-" + pods.get(i);
                Path logFile = runDirectory.resolve(stem + ".log");
                String log;
                try {
                    log = Files.readString(logFile);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + logFile + ": " + e.getMessage(), e);
                }
                String claim = claims.get(i);
                KeptVolumes.VolumeFill earlier = filledBefore.get(claim);
                if (earlier != null) {
                    new PodPreconditionResult(claim, false, earlier.runName() + " (run " + earlier.runId() + ")",
                            earlier.fill()).write(runDirectory.resolve(stem + PodPreconditionResult.SUFFIX));
                    continue;
                }
                dev.mayabench.fio.Preconditioning done = fill.collect(log, pods.get(i), claim, volumeSize,
                        runDirectory, stem, logFile);
                if (kept != null) {
                    if (kept.lasting()) {
                        KeptVolumes.record(client, namespace, claim, new KeptVolumes.VolumeFill(kept.target(),
                                runName, id, done));
                    }
                    new PodPreconditionResult(claim, true, runName + " (run " + id + ")", done)
                            .write(runDirectory.resolve(stem + PodPreconditionResult.SUFFIX));
                }
            }
        }

        private List<Evidence.PodRef> logRefs() {
            return pods.stream().map(p -> new Evidence.PodRef(namespace, p)).toList();
        }

        void cleanUp(boolean keep) {
            PodWorkload.cleanUp(client, namespace, id, pods, claims, keep, wait);
        }
    }

    static String runId(String runName) {
        String base = runName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.length() > 30) {
            base = base.substring(0, 30).replaceAll("-+$", "");
        }
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return "mb-" + (base.isEmpty() ? "run" : base) + "-" + HexFormat.of().formatHex(suffix);
    }

    private static PersistentVolumeClaim claim(String name, Map<String, String> labels, String storageClass,
                                               String size, VolumeMode mode) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(storageClass)
                .withVolumeMode(mode == VolumeMode.BLOCK ? "Block" : "Filesystem")
                .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec().build();
    }

    private static boolean bindsImmediately(KubernetesClient client, String storageClass) {
        StorageClass sc = client.storage().v1().storageClasses().withName(storageClass).get();
        if (sc == null) {
            throw new KubeException("StorageClass " + storageClass + " is gone from the cluster (the deploy stage "
                    + "found or made it): its claims would never bind; recreate it, or run again to deploy it");
        }
        // WaitForFirstConsumer binds only once a pod uses the claim: the pods' wait covers it
        return !"WaitForFirstConsumer".equals(sc.getVolumeBindingMode());
    }

    private static Poll<Boolean> bound(KubernetesClient client, String namespace, List<String> claims) {
        List<String> pending = new ArrayList<>();
        for (String claim : claims) {
            PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
            if (pvc == null) {
                return Poll.broken("PVC " + claim + " is gone");
            }
            String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
            if (!"Bound".equals(phase)) {
                pending.add(claim + " " + (phase == null ? "without status" : phase));
            }
        }
        return pending.isEmpty() ? Poll.done(true) : Poll.waiting(String.join(", ", pending));
    }

    private static Poll<Boolean> ready(KubernetesClient client, String namespace, List<String> pods) {
        List<String> waiting = new ArrayList<>();
        for (String name : pods) {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            Optional<String> failed = failure(name, pod);
            if (failed.isPresent()) {
                return Poll.broken(failed.get());
            }
            boolean isReady = pod.getStatus() != null && pod.getStatus().getConditions() != null
                    && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (!isReady) {
                waiting.add(name + " " + describe(pod));
            }
        }
        return waiting.isEmpty() ? Poll.done(true) : Poll.waiting(String.join(", ", waiting));
    }

    private static Poll<Boolean> finished(KubernetesClient client, String namespace, List<String> pods) {
        List<String> running = new ArrayList<>();
        for (String name : pods) {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            Optional<String> failed = failure(name, pod);
            if (failed.isPresent()) {
                return Poll.broken(failed.get());
            }
            if (!"Succeeded".equals(pod.getStatus().getPhase())) {
                running.add(name + " " + describe(pod));
            }
        }
        return running.isEmpty() ? Poll.done(true) : Poll.waiting(String.join(", ", running));
    }

    private static Optional<String> failure(String name, Pod pod) {
        if (pod == null) {
            return Optional.of("fio pod " + name + " is gone (deleted or evicted)");
        }
        if (pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())) {
            String detail = pod.getStatus().getContainerStatuses() == null ? "" : pod.getStatus().getContainerStatuses()
                    .stream().filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                    .map(c -> "exit code " + c.getState().getTerminated().getExitCode() + " ("
                            + c.getState().getTerminated().getReason() + ")").findFirst().orElse("");
            return Optional.of("fio pod " + name + " failed " + detail);
        }
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (var c : pod.getStatus().getContainerStatuses()) {
                if (c.getState() != null && c.getState().getWaiting() != null
                        && List.of("InvalidImageName", "CreateContainerConfigError", "ErrImageNeverPull")
                        .contains(c.getState().getWaiting().getReason())) {
                    return Optional.of("fio pod " + name + " cannot start: " + c.getState().getWaiting().getReason()
                            + " " + c.getState().getWaiting().getMessage());
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getPhase() == null) {
            return "without status";
        }
        StringBuilder seen = new StringBuilder(pod.getStatus().getPhase());
        if (pod.getStatus().getConditions() != null) {
            pod.getStatus().getConditions().stream().filter(c -> "False".equals(c.getStatus()) && c.getReason() != null)
                    .forEach(c -> seen.append(" ").append(c.getType()).append("=False ").append(c.getReason()));
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            pod.getStatus().getContainerStatuses().stream().filter(c -> c.getState() != null
                            && c.getState().getWaiting() != null)
                    .forEach(c -> seen.append(" ").append(c.getState().getWaiting().getReason()));
        }
        return seen.toString();
    }

    private static Duration expected(FioJob job) {
        try {
            return job.expectedDuration();
        } catch (RuntimeException unbounded) {
            return Duration.ofHours(1);
        }
    }

    static String fioVersion(String log) {
        int at = log.indexOf("mayabench: fio-");
        if (at < 0) {
            return "";
        }
        String rest = log.substring(at + "mayabench: ".length());
        return rest.split("\\s+", 2)[0];
    }

    static Optional<Long> started(String log) {
        int at = log.indexOf(FioPod.STARTED);
        if (at < 0) {
            return Optional.empty();
        }
        String rest = log.substring(at + FioPod.STARTED.length()).split("\\s+", 2)[0];
        try {
            return Optional.of(Long.parseLong(rest));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void reportSkew(List<Long> starts) {
        if (starts.size() < 2) {
            return;
        }
        long skew = starts.stream().mapToLong(Long::longValue).max().orElseThrow()
                - starts.stream().mapToLong(Long::longValue).min().orElseThrow();
        if (skew > SKEW_WARNING.toSeconds()) {
            LOG.warn("[workload] the fio pods started up to {} s apart: their measured windows overlap only in part, "
                    + "so the summed IOPS understate what they did together (a kubelet projected the start signal "
                    + "late, or the nodes' clocks differ)", skew);
        } else {
            LOG.info("[workload] the fio pods started within {} s of each other", skew);
        }
    }

    private static void cleanUp(KubernetesClient client, String namespace, String id, List<String> pods,
                                List<String> claims, boolean keep, Wait wait) {
        if (keep) {
            LOG.info("[workload] kube.keep is on: kept pod(s) {}, PVC(s) {} and ConfigMap {}-job in namespace {}; "
                    + "delete them with 'kubectl delete pod,pvc,configmap -n {} -l {}={}'", pods, claims, id,
                    namespace, namespace, RUN_LABEL, id);
            return;
        }
        try {
            client.pods().inNamespace(namespace).withLabel(RUN_LABEL, id).delete();
            client.persistentVolumeClaims().inNamespace(namespace).withLabel(RUN_LABEL, id).delete();
            client.configMaps().inNamespace(namespace).withLabel(RUN_LABEL, id).delete();
            // a claim goes only once no pod uses it (pvc-protection), its volume after it: the next test must
            // not share the disks with this one's leftovers
            wait.until("the run's pods and PVCs to be deleted", () -> {
                List<String> left = new ArrayList<>();
                client.pods().inNamespace(namespace).withLabel(RUN_LABEL, id).list().getItems()
                        .forEach(p -> left.add("pod " + p.getMetadata().getName()));
                client.persistentVolumeClaims().inNamespace(namespace).withLabel(RUN_LABEL, id).list().getItems()
                        .forEach(p -> left.add("PVC " + p.getMetadata().getName()));
                return left.isEmpty() ? Poll.done(true) : Poll.waiting(String.join(", ", left));
            }, () -> "none collected for a cleanup");
        } catch (KubernetesClientException | KubeException e) {
            LOG.warn("[workload] could not delete the run's objects (label {}={} in namespace {}): {}; what is "
                    + "left is listed by 'kubectl get pod,pvc,configmap -n {} -l {}={}'", RUN_LABEL, id, namespace,
                    e.getMessage(), namespace, RUN_LABEL, id);
        }
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text == null ? "" : text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
