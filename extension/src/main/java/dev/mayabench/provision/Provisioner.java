package dev.mayabench.provision;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.stage.Pipeline;
import java.nio.file.Path;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Where a benchmark environment comes from and how fio runs on it. One instance per cluster; created by a
 * {@link ProvisionerFactory} found with {@link java.util.ServiceLoader}, so a provider can live in its own
 * module.
 *
 * <pre>{@code
 * Provisioner provisioner = Provisioners.create(spec, workspace);
 * Pipeline.Builder pipeline = Pipeline.builder(workspace);
 * provisioner.contributeStages(pipeline);
 * pipeline.build().setUp();
 * WorkloadRun run = provisioner.runWorkload(job, resultsDir, "randomRead");
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public interface Provisioner {

    /** The provider's name as users write it ({@code local}, {@code aws}, ...). */
    String name();

    /**
     * Adds the stages this provider runs to the pipeline and says why it does not need the others
     * ({@link Pipeline.Builder#notNeeded}).
     */
    void contributeStages(Pipeline.Builder pipeline);

    /**
     * Checks, before any stage runs, that this machine has what the provider needs (fio, a writable
     * directory, credentials), so a missing tool fails the class at once with instructions, not after
     * minutes of provisioning.
     */
    default void preflight() {
    }

    /**
     * Runs one fio job on the environment and returns where its outputs are: one per fio process (one per
     * pod on Kubernetes, a single one locally). Files are written under {@code runDirectory}, named after
     * {@code runName}.
     */
    WorkloadRun runWorkload(FioJob job, Path runDirectory, String runName);

    /**
     * Runs one fio job on files ({@link VolumeMode#FILESYSTEM}) or on a raw block device
     * ({@link VolumeMode#BLOCK}); a provider that has no raw devices says so.
     */
    default WorkloadRun runWorkload(FioJob job, VolumeMode mode, Path runDirectory, String runName) {
        if (mode == VolumeMode.BLOCK) {
            throw new ConfigurationException(new Problem("fio.volumeMode", "block",
                    "filesystem on provider '" + name() + "'",
                    "provider '" + name() + "' cannot run fio on a raw block device in this version"));
        }
        return runWorkload(job, runDirectory, runName);
    }

    /**
     * Runs one fio job with the target filled first, inside the run itself ({@link #preconditionsInWorkload()}: on
     * Kubernetes, in the pods, where a kept volume not filled yet is filled). A provider that does not do that refuses a
     * preconditioning that is on.
     */
    default WorkloadRun runWorkload(FioJob job, VolumeMode mode, dev.mayabench.fio.Precondition precondition,
                                    Path runDirectory, String runName) {
        if (precondition.isOn()) {
            throw new IllegalStateException("provider '" + name() + "' does not precondition inside a workload run");
        }
        return runWorkload(job, mode, runDirectory, runName);
    }

    /** Whether {@link #runWorkload(FioJob, VolumeMode, dev.mayabench.fio.Precondition, Path, String)} fills. */
    default boolean preconditionsInWorkload() {
        return false;
    }

    /**
     * The result, related to what this environment knows beyond the run (on Kubernetes: the same job on a node's
     * local disk, for the {@code faster-than-local-disk} guardrail); unchanged by default.
     */
    default FioResult relate(FioJob job, VolumeMode mode, WorkloadRun run, FioResult result) {
        return result;
    }

    /** Facts about the environment for the report (kernel, CPU, filesystem, fio version, ...). */
    Map<String, String> facts();
}
