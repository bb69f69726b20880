package dev.mayabench.junit;

import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioRunner;
import dev.mayabench.fio.Precondition;
import dev.mayabench.fio.Preconditioning;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.internal.log.MayabenchLog;
import dev.mayabench.report.AllureReporter;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.slf4j.Logger;

/**
 * Fills the target of a write benchmark before its first measured run ({@code @Fio(precondition)}, see
 * {@link Precondition}), once per cluster and target, not per test (on Kubernetes once per kept volume, see below).
 *
 * <p><b>Once.</b> What was done is kept in the workspace's {@code state.json} (attribute
 * {@value #STATE_PREFIX}{@code <target>}, a {@link Preconditioning} as JSON) and in the root
 * {@link ExtensionContext.Store} for the life of the cluster. A later test of the same cluster, or of a kept
 * cluster ({@code reuse}) in a later JVM, finds it and does not fill again, as long as the target is still what was
 * filled ({@link Preconditioning#stillHolds}: the data files exist at their sizes, the device has its size). A record
 * left by a cluster that was torn down (no {@code reuse}) is not trusted: teardown deleted the data files, and a
 * device may have been written by anything since, so the new cluster fills again.
 *
 * <p><b>Where.</b> The local provider: a raw device ({@code volumeMode BLOCK}, {@code mayabench.local.device}), the
 * whole device; or files, the data files of the measured job ({@code <job>.<n>.0} in the data directory).
 *
 * <p><b>Kubernetes: once per kept volume, inside the run.</b> With preconditioning on, the volumes a run measures
 * are the cluster's kept claims of that volume shape (name, labels and the fill records on the claims'
 * annotations: {@code dev.mayabench.kube.KeptVolumes}), not claims of the run: the first run's pods fill them before
 * they report ready, later runs (also of a later JVM of a kept cluster) find the fill recorded on the claim and skip
 * it, and all pods still start measuring together ({@link dev.mayabench.kube.PodPrecondition}). {@link #before} then
 * only checks that the job can be preconditioned and returns the mode, {@link #measure} runs it inside each run and
 * reports per pod whether its volume was filled now or by which run when
 * ({@link dev.mayabench.kube.PodPreconditionResult}). Teardown of the cluster deletes the kept claims.
 *
 * <p><b>Report.</b> Each test that asked for it gets a report entry {@value #ENTRY} saying whether the fill ran now or
 * when it ran before, how, how long it took and what each pass wrote; the fill itself is an Allure step with the job
 * files and fio's output of each pass attached.
 */
final class PreconditionStep {

    /** The report entry of each test that asked for preconditioning. */
    static final String ENTRY = "mayabench.precondition";
    /** The state attribute prefix; the rest is {@link Preconditioning#describeTarget}. */
    static final String STATE_PREFIX = "precondition.";
    private static final Namespace NAMESPACE = Namespace.create(PreconditionStep.class);
    private static final Logger LOG = MayabenchLog.named("mayabench.stage.workload");

    private PreconditionStep() {
    }

    /**
     * Fills the target of {@code job} unless it is filled already, or says why preconditioning does not apply.
     *
     * @return the preconditioning each measured run must do inside itself ({@link #measure}; Kubernetes), or
     *         {@code none}
     */
    static Precondition before(ExtensionContext context, LiveCluster cluster, FioSettings settings, FioJob job,
                               Path runDirectory, String runName) throws Exception {
        Precondition precondition = settings.precondition();
        if (!precondition.isOn()) {
            return Precondition.none();
        }
        VolumeMode mode = settings.volumeMode();
        Optional<String> notApplicable = notApplicable(cluster, precondition, job, mode);
        if (notApplicable.isPresent()) {
            LOG.warn("[workload] {}", notApplicable.get());
            context.publishReportEntry(MayabenchExtension.NOT_APPLICABLE_ENTRY, notApplicable.get());
            AllureReporter.skippedStep("precondition", notApplicable.get());
            return Precondition.none();
        }
        if (cluster.preconditionsInWorkload()) {
            LOG.info("[workload] precondition {}: in the pods of a kept volume that no earlier run filled, before "
                    + "the measured run (the volumes are kept for the cluster's life)",
                    precondition.mode());
            return precondition;
        }
        fillOnce(context, cluster, precondition, job, mode, runDirectory, runName);
        return Precondition.none();
    }

    /**
     * One measured run; with {@code inPods} on ({@link #before}'s answer on Kubernetes), the run's pods fill their
     * volumes first and this reports what each did: a report entry {@value #ENTRY} and an Allure step with each
     * pass's job file and each pod's fio output of it.
     */
    static dev.mayabench.fio.FioResult measure(ExtensionContext context, LiveCluster cluster, Precondition inPods,
                                               FioJob job, VolumeMode mode, Path runDirectory, String runName) {
        if (!inPods.isOn()) {
            return cluster.runFio(job, mode, runDirectory, runName);
        }
        return cluster.runFio(job, mode, inPods, runDirectory, runName,
                run -> reportFills(context, inPods, run, runDirectory, runName));
    }

    private static void reportFills(ExtensionContext context, Precondition precondition,
                                    dev.mayabench.provision.WorkloadRun run, Path runDirectory, String runName) {
        java.util.List<dev.mayabench.kube.PodPreconditionResult> pods = dev.mayabench.kube.PodPreconditionResult
                .of(run);
        java.util.List<Preconditioning> fills = dev.mayabench.kube.PodPrecondition.recorded(run);
        if (pods.size() != run.outputs().size()) {
            throw new IllegalStateException("the run " + runName + " was to precondition the volume of each of its "
                    + run.outputs().size() + " pod(s), but " + pods.size() + " result(s) came back (see the pods' "
                    + "logs " + run.logs() + ")");
        }
        long now = pods.stream().filter(dev.mayabench.kube.PodPreconditionResult::now).count();
        String described = pods.stream().map(dev.mayabench.kube.PodPreconditionResult::describe)
                .collect(java.util.stream.Collectors.joining("; "));
        // the volumes are kept for the cluster's life (kube.KeptVolumes): the fill is once per volume
        String line = now == 0 ? "already done, not repeated, on every volume of " + runName + " (the volumes are "
                + "kept for the cluster's life): " + described
                : "done in " + now + " of " + pods.size() + " pod(s) before the measured run " + runName + " (the "
                + "volumes are kept for the cluster's life, so later runs of the same volumes skip it): " + described;
        LOG.info("[workload] precondition {}", line);
        context.publishReportEntry(ENTRY, line);
        if (now == 0) {
            AllureReporter.skippedStep("precondition " + precondition.mode(), line);
            return;
        }
        try {
            AllureReporter.step("precondition: " + precondition.mode() + " in " + now + " pod(s), before "
                    + "the measured run", () -> {
                AllureReporter.attachText("preconditioning", "text/plain", "txt", pods.stream()
                        .map(dev.mayabench.kube.PodPreconditionResult::describe)
                        .collect(java.util.stream.Collectors.joining("\n")));
                for (Precondition.Pass pass : precondition.passes()) {
                    dev.mayabench.kube.PodPrecondition.jobFile(runDirectory, runName, pass.name())
                            .ifPresent(file -> attach(pass.name() + " job file", file));
                }
                for (Preconditioning fill : fills) {
                    for (Preconditioning.PassResult pass : fill.passes()) {
                        attach(pass.name() + " fio output, " + fill.target(), Path.of(pass.output()));
                    }
                }
                return null;
            });
        } catch (Exception e) {
            // the step only shows what the entry above already says: its failure must not fail the benchmark
            LOG.warn("[workload] cannot report the preconditioning of {} in Allure: {}", runName, e.toString());
        }
    }

    private static void fillOnce(ExtensionContext context, LiveCluster cluster, Precondition precondition,
                                 FioJob job, VolumeMode mode, Path runDirectory, String runName) throws Exception {
        Optional<Path> found = target(cluster, mode);
        if (found.isEmpty()) {
            return; // BLOCK without mayabench.local.device: the measured run refuses it with the fix
        }
        Path target = found.get();
        String key = STATE_PREFIX + Preconditioning.describeTarget(job, mode, target);
        Set<String> filledByThisCluster = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
                "filled:" + cluster.spec().identity(), k -> ConcurrentHashMap.<String>newKeySet(), Set.class);
        Workspace workspace = Workspace.open(cluster.workspace());
        Optional<Preconditioning> recorded = workspace.state().map(s -> s.attributes().get(key))
                .flatMap(Preconditioning::fromJson);
        if (recorded.isPresent()) {
            boolean sameCluster = filledByThisCluster.contains(key) || cluster.spec().reuse();
            if (sameCluster && recorded.get().stillHolds(job, mode, target)) {
                String line = "already done, not repeated: " + recorded.get().describe() + " (recorded in "
                        + workspace.file("state.json") + ")";
                LOG.info("[workload] precondition {}", line);
                context.publishReportEntry(ENTRY, line);
                AllureReporter.skippedStep("precondition " + precondition.mode(), line);
                return;
            }
            LOG.info("[workload] precondition: the record of an earlier fill ({}) does not hold for this cluster ({}); "
                    + "filling again", recorded.get().describe(), sameCluster ? "the target changed since"
                    : "it was made by a cluster that was torn down");
        }
        LOG.info("[workload] precondition {} of {}: filling before the first measured run", precondition.mode(),
                target);
        Preconditioning done = AllureReporter.step("precondition: " + precondition.mode() + " of " + target, () -> {
            Preconditioning filled = Preconditioning.run(precondition, new FioRunner(cluster.spec().fioExecutable()),
                    job, mode, target, runDirectory, runName);
            AllureReporter.attachText("preconditioning", "text/plain", "txt", filled.describe());
            for (Preconditioning.PassResult pass : filled.passes()) {
                attach(pass.name() + " job file", Path.of(pass.output()).resolveSibling(runName + "-" + pass.name()
                        + ".fio"));
                attach(pass.name() + " fio output", Path.of(pass.output()));
            }
            return filled;
        });
        workspace.updateState(s -> s.withAttribute(key, done.toJson()));
        filledByThisCluster.add(key);
        String line = "done now: " + done.describe();
        LOG.info("[workload] precondition {}", line);
        context.publishReportEntry(ENTRY, line);
    }

    /** Why the preconditioning asked for cannot be done here, or empty. */
    static Optional<String> notApplicable(LiveCluster cluster, Precondition precondition, FioJob job,
                                          VolumeMode mode) {
        if (!cluster.provider().equals("local") && !cluster.preconditionsInWorkload()) {
            return Optional.of(Precondition.SETTING + " = " + precondition.mode() + " does not apply to provider '"
                    + cluster.provider() + "' in this version; it runs on the local provider (volumeMode BLOCK with "
                    + "mayabench.local.device, or files) and on Kubernetes providers (in each fio pod)");
        }
        return precondition.notApplicableTo(job, mode);
    }

    /** The device ({@code mayabench.local.device}, real path) or the local provider's data directory. */
    private static Optional<Path> target(LiveCluster cluster, VolumeMode mode) {
        if (mode == VolumeMode.BLOCK) {
            return cluster.spec().localDevice().map(device -> {
                try {
                    return device.toRealPath();
                } catch (IOException e) {
                    return device.toAbsolutePath().normalize();
                }
            });
        }
        // the local provider names it among its facts (LocalProvisioner.facts): the one place that decides it
        return Optional.ofNullable(cluster.facts().get("target.directory")).map(Path::of);
    }

    private static void attach(String name, Path file) {
        try {
            if (Files.isRegularFile(file)) {
                AllureReporter.attachText(name, file.toString().endsWith(".json") ? "application/json"
                        : "text/plain", file.toString().endsWith(".json") ? "json" : "txt", Files.readString(file));
            }
        } catch (IOException e) {
            LOG.warn("[workload] cannot attach {}: {}", file, e.toString());
        }
    }
}
