package dev.mayabench.junit;

import static dev.mayabench.assertj.FioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.fio.FioResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Baselines end to end with real fio: recorded with {@code mayabench.baseline.update=true}, then compared by
 * {@code isNotWorseThanBaseline}. Which job runs is chosen with {@code mayabench.fio.jobFile} (configuration
 * beats the annotation), so the same test is the fast or the slow run: cached reads versus rate-limited direct
 * reads, apart by far more than any noise.
 */
class BaselineTest {

    @TempDir
    Path baselines;

    @BeforeEach
    void baselineDirectory() {
        System.setProperty("mayabench.baseline.dir", baselines.toString());
    }

    @AfterEach
    void forget() {
        System.clearProperty("mayabench.baseline.dir");
        System.clearProperty("mayabench.baseline.update");
        System.clearProperty("mayabench.fio.jobFile");
    }

    @MayastorCluster(name = "baseline")
    static class GatedRead {
        @Test
        @Fio(jobFile = "fio/fast.fio")
        void read(FioResult result) {
            assertThat(result).isNotWorseThanBaseline(0.10);
        }
    }

    static EngineExecutionResults run(String jobFile, boolean update) {
        System.setProperty("mayabench.fio.jobFile", jobFile);
        System.setProperty("mayabench.baseline.update", Boolean.toString(update));
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(GatedRead.class)).execute();
    }

    private Path baselineFile() {
        return baselines.resolve(Locations.fileName(GatedRead.class.getName())).resolve("read.json");
    }

    @Test
    void recordingWritesTheBaselineAndTheRecordingRunPasses() {
        run("fio/slow.fio", true).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(baselineFile()).exists();
        assertThat(FioResult.parse(baselineFile()).read().iops()).isLessThan(150);
    }

    @Test
    void aBetterRunThanTheBaselinePasses() {
        run("fio/slow.fio", true);

        run("fio/fast.fio", false).testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void aWorseRunFailsNamingEveryRegressedFigureBothValuesAndTheTolerance() {
        run("fio/fast.fio", true);

        EngineExecutionResults worse = run("fio/slow.fio", false);

        worse.allEvents().assertThatEvents().haveExactly(1, event(test("read"), finishedWithFailure(message(m ->
                m.contains("not to be worse than its baseline") && m.contains(baselineFile().toString())
                        && m.contains("by more than 10%, but ") && m.contains(" figure(s) regressed")
                        && m.matches("(?s).*read IOPS +\\d+ +\\d+ +-\\d+\\.\\d% +REGRESSED.*")
                        && m.matches("(?s).*read bandwidth +[\\d.]+ MiB/s +[\\d.]+ MiB/s +-[\\d.]+% +REGRESSED.*")
                        && m.contains("read p99")))));
    }

    @Test
    void theRunEndsWithARegressionSummaryOfEveryTestThatHadABaseline() {
        run("fio/slow.fio", true);
        RegressionSummary.clear();
        System.setProperty("mayabench.fio.jobFile", "fio/fast.fio");
        System.setProperty("mayabench.baseline.update", "false");
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            // the Launcher, as Maven and IDEs use it, loads the summary listener from META-INF/services
            org.junit.platform.launcher.core.LauncherFactory.create().execute(
                    org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                            .selectors(selectClass(GatedRead.class)).build());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(out).contains("mayabench: change against the baselines (verdict at 10%");
        assertThat(out).containsPattern("(?m)^GatedRead\\.read +read IOPS +\\d+ +\\d+ +\\+[\\d.]+% +ok$");
        // the rate-limited baseline's p99 can be lower than the saturating run's on a loaded disk: the row must be
        // there with a verdict; which verdict is the latency's, not the summary's
        assertThat(out).containsPattern("(?m)^GatedRead\\.read +read p99 .* (ok|REGRESSED)$");
        assertThat(RegressionSummary.table()).as("printed once, then cleared").isEmpty();
    }

    @Test
    void withoutABaselineTheAssertionSaysHowToRecordOne() {
        run("fio/fast.fio", false).allEvents().assertThatEvents().haveExactly(1, event(test("read"),
                finishedWithFailure(message(m -> m.contains("to have a stored baseline")
                        && m.contains("-Dmayabench.baseline.update=true")))));
    }
}
