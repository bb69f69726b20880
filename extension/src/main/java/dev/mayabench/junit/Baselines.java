package dev.mayabench.junit;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.fio.BaselineComparison;
import dev.mayabench.fio.FioException;
import dev.mayabench.fio.FioResult;
import dev.mayabench.internal.log.MayabenchLog;
import dev.mayabench.report.AllureReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;

/**
 * Each test's baseline: fio's output of a run the team accepted, kept at
 * {@code <baseline.dir>/<class>/<test>.json} (default {@code src/test/baselines}, versioned with the tests). A
 * run with {@code mayabench.baseline.update=true} records its output there (and is its own baseline, so
 * baseline assertions pass while recording); any other run gets the stored one attached to its result
 * ({@link FioResult#baseline()}) and a comparison in the report.
 */
final class Baselines {

    /** The tolerance of the report's informational comparison; assertions choose their own. */
    static final double REPORT_TOLERANCE = 0.10;
    private static final Logger LOG = MayabenchLog.of(Baselines.class);

    private Baselines() {
    }

    static Path fileOf(ClusterSpec spec, Class<?> testClass, String runName) {
        return spec.baselineDir().resolve(Locations.fileName(testClass.getName())).resolve(runName + ".json");
    }

    static FioResult apply(ClusterSpec spec, Class<?> testClass, String runName, FioResult result) {
        Path file = fileOf(spec, testClass, runName);
        if (spec.baselineUpdate()) {
            Path output = result.savedAt().orElseThrow(() -> new IllegalStateException(
                    "a result without its output file cannot become a baseline"));
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.copy(output, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the baseline " + file.toAbsolutePath() + ": "
                        + e.getMessage(), e);
            }
            LOG.info("baseline recorded: {}", file.toAbsolutePath());
            AllureReporter.attachText("baseline", "text/plain", "txt", "recorded as the new baseline: "
                    + file.toAbsolutePath() + "\n");
            // this run is the baseline now: comparing with it is comparing with itself
            return result.withBaseline(result);
        }
        if (!Files.isRegularFile(file)) {
            return result;
        }
        FioResult baseline = FioResult.parse(file);
        try {
            BaselineComparison comparison = BaselineComparison.of(result, baseline, REPORT_TOLERANCE);
            RegressionSummary.record(testClass.getSimpleName() + "." + runName, comparison);
            String table = comparison.table();
            LOG.info("compared with the baseline {}:\n{}", file, table);
            AllureReporter.attachText("change vs baseline", "text/plain", "txt", "baseline: " + file + "\n\n"
                    + table);
        } catch (FioException e) {
            LOG.warn("cannot compare with the baseline {}: {}", file, e.getMessage());
        }
        return result.withBaseline(baseline);
    }
}
