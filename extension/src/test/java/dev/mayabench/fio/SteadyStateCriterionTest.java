package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.SourcedValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code @Fio(steadyState...)} is checked before fio runs, and what it renders is what fio accepts. */
class SteadyStateCriterionTest {

    @TempDir
    Path dir;

    private static SourcedValue criterion(String value) {
        return new SourcedValue(value, "@Fio(steadyState) on T#m");
    }

    private static SourcedValue window(String value) {
        return new SourcedValue(value, "@Fio(steadyStateDuration) on T#m");
    }

    private static SourcedValue ramp(String value) {
        return new SourcedValue(value, "@Fio(steadyStateRamp) on T#m");
    }

    private static String error(SourcedValue criterion, SourcedValue window, SourcedValue ramp) {
        return catchThrowableOfType(ConfigurationException.class,
                () -> SteadyStateCriterion.parse(criterion, window, ramp)).getMessage();
    }

    @Test
    void fiosFormsAreReadAndRenderedAsFioOptions() {
        SteadyStateCriterion ss = SteadyStateCriterion.parse(criterion("iops_slope:0.3%"), window("60s"), ramp("10s"));

        assertThat(ss).isEqualTo(new SteadyStateCriterion("iops_slope", 0.3, true, Duration.ofSeconds(60),
                Duration.ofSeconds(10)));
        assertThat(ss.fioOptions()).containsExactly(Map.entry("steadystate", "iops_slope:0.3%"),
                Map.entry("ss_dur", "60s"), Map.entry("ss_ramp", "10s"));
        assertThat(SteadyStateCriterion.parse(criterion(" BW : 1048576 "), window("2m"), null).fioOptions())
                .containsExactly(Map.entry("steadystate", "bw:1048576"), Map.entry("ss_dur", "120s"));
        assertThat(SteadyStateCriterion.parse(criterion("iops:500"), window("5"), ramp("1500ms")).fioOptions())
                .containsEntry("ss_ramp", "1500ms");
    }

    @Test
    void aMisspelledMetricNamesTheSettingTheValueTheMetricsAndTheClosest() {
        assertThat(error(criterion("iops_slop:0.3%"), window("60s"), null)).contains("@Fio(steadyState) on T#m",
                "'iops_slop:0.3%'", "iops, iops_slope, bw, bw_slope", "did you mean 'iops_slope'?");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "iops_slope|give the limit after the colon",
            "iops_slope:|give the limit after the colon",
            "iops_slope:0%|a limit of 0 can never be met",
            "bw:10m|is not a plain number",
            "bw:10.5|a whole number of bytes per second",
            "iops_slope:fast|is not a plain number"})
    void aBadLimitIsRefusedWithAFix(String value, String fix) {
        assertThat(error(criterion(value), window("60s"), null)).contains("@Fio(steadyState) on T#m", fix);
    }

    @Test
    void aCriterionWithoutAWindowIsRefusedBecauseFioWouldIgnoreIt() {
        assertThat(error(criterion("iops_slope:0.3%"), null, null)).contains("@Fio(steadyStateDuration) on T#m",
                "without it fio ignores the criterion", "add steadyStateDuration = \"60s\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1s|use 2s",
            "500ms|use 2s",
            "2500ms|use 3s",
            "10min|did you mean '10m'?"})
    void aWindowFioWouldTruncateOrMisreadIsRefused(String value, String fix) {
        assertThat(error(criterion("iops:5%"), window(value), null)).contains("@Fio(steadyStateDuration) on T#m",
                "'" + value + "'", fix);
    }

    @Test
    void aWindowOrRampWithoutACriterionIsRefused() {
        assertThat(error(null, null, ramp("10s"))).contains("@Fio(steadyStateRamp) on T#m",
                "steadyState = \"iops_slope:0.01%\"");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(error(criterion("iop:0%"), window("1s"), ramp("3 secs"))).contains("did you mean 'iops'?",
                "can never be met", "use 2s", "@Fio(steadyStateRamp) on T#m");
    }

    @Test
    void aWindowThatDoesNotFitInTheRunIsRefusedBeforeFioRuns() {
        FioJob job = FioJob.profile("randread-4k").withOverrides(Map.of("runtime", new SourcedValue("5s", "rt")));
        SteadyStateCriterion ss = SteadyStateCriterion.parse(criterion("iops:5%"), window("5s"), ramp("3s"));

        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> job.withSteadyState(ss, "@Fio(steadyState) on T#m")).getMessage())
                .contains("@Fio(steadyState) on T#m", "ramp_time + runtime = 7s", "steady state needs 8s",
                        "raise runtime to at least 8s");
    }

    @Test
    void theRenderedJobCarriesTheOptionsInEveryJobAndFioAcceptsThem() throws Exception {
        SteadyStateCriterion ss = SteadyStateCriterion.parse(criterion("bw_slope:0.5%"), window("30s"), ramp("5s"));
        Path file = Files.writeString(dir.resolve("two.fio"), "[a]\nrw=read\nruntime=60s\n[b]\nrw=write\n"
                + "runtime=60s\n");
        FioJob fromFile = FioJob.fromJobFile(file.toString(), "t").withSteadyState(ss, "@Fio(steadyState) on T#m");
        FioJob profile = FioJob.profile("randwrite-4k").withSteadyState(ss, "@Fio(steadyState) on T#m");

        for (FioJob job : new FioJob[] {fromFile, profile}) {
            String text = job.render(dir);
            assertThat(text).contains("steadystate=bw_slope:0.5%\n", "ss_dur=30s\n", "ss_ramp=5s\n");
            Path rendered = Files.writeString(dir.resolve(job.name() + ".rendered.fio"), text);
            RealFio.Result parsed = RealFio.parseOnly(rendered);
            assertThat(parsed.exitCode()).as("fio --parse-only said: %s", parsed.output()).isZero();
        }
        assertThat(fromFile.render(dir).lines().filter(l -> l.startsWith("steadystate="))).hasSize(2);
    }
}
