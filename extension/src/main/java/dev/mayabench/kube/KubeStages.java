package dev.mayabench.kube;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.provision.WorkloadRun;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The Kubernetes part every cluster provider shares: the deploy stage, the fio pods of each test, the deletion
 * of what was deployed, and the facts for the report. A provider adds {@link #contributeTo} to its pipeline,
 * calls {@link #tearDown} from its teardown stage, and {@link #close()}s it last.
 *
 * <pre>{@code
 * KubeStages kube = new KubeStages(spec, workspace);
 * kube.contributeTo(pipeline);
 * WorkloadRun run = kube.runWorkload(job, VolumeMode.FILESYSTEM, dir, "randomRead");
 * kube.tearDown(context);
 * kube.close();
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class KubeStages implements AutoCloseable {

    private final KubeTarget target;
    private final DeployStage deploy;
    private final PodWorkload workload;
    private final LocalDiskReferences references;

    public KubeStages(ClusterSpec spec, Workspace workspace) {
        this(spec, workspace, Optional.empty());
    }

    /**
     * @param defaultStorageClass the class to benchmark when {@code storageClass} is not set, for a provider
     *                            that cannot run Mayastor (k3s in a container: {@code local-path})
     */
    public KubeStages(ClusterSpec spec, Workspace workspace, Optional<String> defaultStorageClass) {
        this.target = new KubeTarget(spec, workspace, defaultStorageClass);
        this.deploy = new DeployStage(target);
        this.workload = new PodWorkload(target);
        this.references = new LocalDiskReferences(target.workspace().directory().toAbsolutePath().getParent()
                .resolve("local-disk"));
    }

    KubeStages(KubeTarget target, Helm helm) {
        this.target = target;
        this.deploy = new DeployStage(target, helm);
        this.workload = new PodWorkload(target);
        this.references = new LocalDiskReferences(target.workspace().directory().toAbsolutePath().getParent()
                .resolve("local-disk"));
    }

    /** Adds the deploy stage, which runs the read-only {@link Preflight} first. */
    public void contributeTo(Pipeline.Builder pipeline) {
        pipeline.stage(new PreflightFirst(target, deploy));
    }

    public WorkloadRun runWorkload(FioJob job, VolumeMode mode, Path runDirectory, String runName) {
        return workload.run(job, filesystemUnlessSet(mode), runDirectory, runName);
    }

    /** Like {@link #runWorkload(FioJob, VolumeMode, Path, String)}, each pod filling its volume first (see {@link PodPrecondition}). */
    public WorkloadRun runWorkload(FioJob job, VolumeMode mode, dev.mayabench.fio.Precondition precondition,
                                   Path runDirectory, String runName) {
        VolumeMode actual = filesystemUnlessSet(mode);
        Optional<PodPrecondition> fill = precondition.isOn()
                ? Optional.of(new PodPrecondition(precondition, job, actual)) : Optional.empty();
        return workload.run(job, actual, fill, runDirectory, runName);
    }

    private static VolumeMode filesystemUnlessSet(VolumeMode mode) {
        return mode == VolumeMode.DEFAULT ? VolumeMode.FILESYSTEM : mode;
    }

    /**
     * Relates a result to the node's local disk: a run on a local StorageClass is kept as the reference of its
     * job; a run elsewhere gets the reference kept for the same job, if there is one.
     */
    public FioResult withLocalDiskReference(FioJob job, VolumeMode mode, WorkloadRun run, FioResult result) {
        String jobText = FioPod.jobText(job, filesystemUnlessSet(mode));
        int volumes = run.outputs().size();
        String storageClass = target.workspace().state()
                .map(s -> s.attributes().get(DeployStage.STORAGE_CLASS_ATTRIBUTE)).orElse(null);
        if (storageClass == null) {
            return result;
        }
        var sc = target.client().storage().v1().storageClasses().withName(storageClass).get();
        if (sc != null && LocalDiskReferences.isLocal(sc.getProvisioner())) {
            Path kept = references.keep(jobText, volumes, storageClass, run);
            dev.mayabench.internal.log.MayabenchLog.named("mayabench.stage.workload").info(
                    "[workload] StorageClass {} is a "
                    + "node's local disk ({}): kept as the reference for this job in {}", storageClass,
                    sc.getProvisioner(), kept);
            return result;
        }
        return references.find(jobText, volumes).map(result::withLocalDisk).orElse(result);
    }

    /**
     * Deletes what the deploy stage created in the cluster; what could not be deleted stays in
     * {@code state.json} and is returned.
     */
    public List<String> tearDown(StageContext context) {
        return tearDown(context::log);
    }

    List<String> tearDown(Consumer<String> log) {
        // the kept (preconditioned) volumes first: their deletion needs Mayastor's CSI driver, which the deploy
        // stage's teardown may uninstall
        List<String> left = new java.util.ArrayList<>(deleteKeptVolumes(log));
        left.addAll(deploy.tearDown(log));
        return left;
    }

    /**
     * Deletes the PVCs kept for preconditioning ({@link KeptVolumes}) and forgets them in {@code state.json}; what
     * could not be deleted is returned. Found by label, so claims kept by an earlier JVM of the cluster go too.
     */
    private List<String> deleteKeptVolumes(Consumer<String> log) {
        List<String> listed = KeptVolumes.listed(target.workspace().state()
                .map(s -> s.attributes().get(KeptVolumes.STATE_ATTRIBUTE)).orElse(null));
        if (listed.isEmpty() && !target.isOpen()) {
            return List.of(); // none was claimed, and no client is opened just to look
        }
        KubernetesClient client;
        try {
            client = target.client();
        } catch (KubeException e) {
            log.accept("cannot reach the cluster to delete the kept PVC(s) " + listed + ": " + e.getMessage());
            return listed.stream().map(n -> "PVC " + n).toList();
        }
        List<String> left;
        try {
            left = KeptVolumes.deleteAll(client, target.spec().kube().namespace(), target.spec().name(),
                    new Wait(target.spec().kube().timeout(), log), log);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            // none recorded: this workspace claimed none, so there is nothing of its own to report as left
            log.accept("cannot look for kept PVC(s) in the cluster: " + e.getMessage());
            return listed.stream().map(n -> "PVC " + n).toList();
        }
        if (left.isEmpty() && !listed.isEmpty()) {
            target.workspace().updateState(s -> s.withAttribute(KeptVolumes.STATE_ATTRIBUTE, ""));
        }
        return left;
    }

    /**
     * Forgets what the deploy stage recorded, for a provider whose machines (or container) take the cluster and
     * everything in it with them: the records would otherwise be listed as still there.
     */
    public void forgetDeployed() {
        target.workspace().updateState(s -> {
            WorkspaceState without = s;
            for (WorkspaceState.CreatedResource r : s.resources()) {
                if (r.kind().startsWith(DeployStage.KIND_PREFIX)) {
                    without = without.withoutResource(r);
                }
            }
            // the kept (preconditioned) claims went with the cluster too
            return s.attributes().containsKey(KeptVolumes.STATE_ATTRIBUTE)
                    ? without.withAttribute(KeptVolumes.STATE_ATTRIBUTE, "") : without;
        });
    }

    /** The cluster's address and versions, for the report; empty before the deploy stage ran. */
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        target.workspace().state().ifPresent(s -> {
            putIfPresent(facts, "storage class", s.attributes().get(DeployStage.STORAGE_CLASS_ATTRIBUTE));
            putIfPresent(facts, "mayastor version", s.attributes().get(DeployStage.MAYASTOR_VERSION_ATTRIBUTE));
        });
        if (target.isOpen()) {
            facts.put("kubernetes api", target.client().getMasterUrl().toString());
        }
        facts.put("fio image", target.spec().kube().fioImage());
        return facts;
    }

    private static void putIfPresent(Map<String, String> facts, String key, String value) {
        if (value != null) {
            facts.put(key, value);
        }
    }

    @Override
    public void close() {
        target.close();
    }
}
