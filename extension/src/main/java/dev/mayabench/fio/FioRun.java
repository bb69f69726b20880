package dev.mayabench.fio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What one local fio run left behind. The output is fio's {@code --output-format=json+} file, not parsed here.
 *
 * <pre>{@code
 * FioRun run = new FioRunner().run(FioJob.profile("randread-4k"), dataDir, runDir, "randomRead");
 * FioResult result = FioResult.parse(run.output());
 * }</pre>
 *
 * @param jobFile    the job file fio ran ({@code <runName>.fio})
 * @param output     fio's json+ output ({@code <runName>.json})
 * @param log        fio's stdout and stderr ({@code <runName>.log})
 * @param command    the command line that ran
 * @param elapsed    wall-clock time from start to exit, including laying out data files
 * @param fioVersion {@code fio --version} of the binary, e.g. {@code fio-3.33}
 */
@API(status = API.Status.EXPERIMENTAL)
public record FioRun(Path jobFile, Path output, Path log, List<String> command, Duration elapsed,
                     String fioVersion) {

    public FioRun {
        Objects.requireNonNull(jobFile, "jobFile");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(log, "log");
        command = List.copyOf(command);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(fioVersion, "fioVersion");
    }
}
