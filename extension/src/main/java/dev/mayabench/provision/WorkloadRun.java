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
 * @param sources    where each output came from (the pod's name), in the order of {@code outputs}; empty for a
 *                   single local fio process
 */
@API(status = API.Status.INTERNAL)
public record WorkloadRun(Path jobFile, List<Path> outputs, List<Path> logs, Duration elapsed, String fioVersion,
                          List<String> sources) {

    /** A run of one local fio process. */
    public WorkloadRun(Path jobFile, List<Path> outputs, List<Path> logs, Duration elapsed, String fioVersion) {
        this(jobFile, outputs, logs, elapsed, fioVersion, List.of());
    }

    public WorkloadRun {
        sources = List.copyOf(sources);
        if (!sources.isEmpty() && sources.size() != outputs.size()) {
            throw new IllegalArgumentException("one source per output: " + sources + " for " + outputs);
        }
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
