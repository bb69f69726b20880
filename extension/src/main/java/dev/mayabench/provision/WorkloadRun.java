package dev.mayabench.provision;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where one workload run left its files: the job file it ran, one fio JSON output per fio process (one per
 * pod on Kubernetes), and the logs.
 *
 * <pre>{@code
 * WorkloadRun run = provisioner.runWorkload(job, dir, "randomRead");
 * List<FioResult> parts = run.outputs().stream().map(FioResult::parse).toList();
 * }</pre>
 *
 * @param jobFile    the fio job file that ran
 * @param outputs    fio's {@code --output-format=json+} files
 * @param logs       fio's stdout/stderr captures
 * @param elapsed    wall-clock time of the run
 * @param fioVersion {@code fio --version} of the binary that ran
 */
@API(status = API.Status.INTERNAL)
public record WorkloadRun(Path jobFile, List<Path> outputs, List<Path> logs, Duration elapsed, String fioVersion) {

    public WorkloadRun {
        Objects.requireNonNull(jobFile, "jobFile");
        outputs = List.copyOf(outputs);
        logs = List.copyOf(logs);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(fioVersion, "fioVersion");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a workload run has at least one output");
        }
    }
}
