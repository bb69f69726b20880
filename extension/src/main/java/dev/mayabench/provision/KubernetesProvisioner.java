package dev.mayabench.provision;

import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.kube.KubeStages;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A provider that ends with a Kubernetes cluster ({@code existing}, {@code k3s}, {@code aws}): fio runs in pods
 * through its {@link KubeStages}, whose deploy stage it adds to its pipeline and whose teardown it calls.
 *
 * <pre>{@code
 * final class ExistingProvisioner extends KubernetesProvisioner {
 *     ExistingProvisioner(ClusterSpec spec, Workspace ws) { super(new KubeStages(spec, ws)); }
 *     ...
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public abstract class KubernetesProvisioner implements Provisioner {

    protected final KubeStages kube;

    protected KubernetesProvisioner(KubeStages kube) {
        this.kube = Objects.requireNonNull(kube, "kube");
    }

    @Override
    public WorkloadRun runWorkload(FioJob job, Path runDirectory, String runName) {
        return runWorkload(job, VolumeMode.FILESYSTEM, runDirectory, runName);
    }

    @Override
    public WorkloadRun runWorkload(FioJob job, VolumeMode mode, Path runDirectory, String runName) {
        return kube.runWorkload(job, mode, runDirectory, runName);
    }

    @Override
    public WorkloadRun runWorkload(FioJob job, VolumeMode mode, dev.mayabench.fio.Precondition precondition,
                                   Path runDirectory, String runName) {
        return kube.runWorkload(job, mode, precondition, runDirectory, runName);
    }

    @Override
    public boolean preconditionsInWorkload() {
        return true;
    }

    @Override
    public FioResult relate(FioJob job, VolumeMode mode, WorkloadRun run, FioResult result) {
        return kube.withLocalDiskReference(job, mode, run, result);
    }

    @Override
    public Map<String, String> facts() {
        return kube.facts();
    }
}
