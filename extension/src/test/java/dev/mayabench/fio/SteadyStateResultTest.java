package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.assertj.FioAssertions;
import dev.mayabench.config.SourcedValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fio's steadystate section, read from the output of one real fio run of two jobs: one whose criterion is easy
 * (each one-second IOPS sample within 90% of the window's mean) and one that cannot be met (three samples
 * exactly equal: {@code iops:0.0001%} of about 10k IOPS is a hundredth of an I/O).
 */
class SteadyStateResultTest {

    @TempDir
    static Path dir;

    static FioJob job;
    static FioResult result;

    @BeforeAll
    static void runFio() throws Exception {
        Files.writeString(dir.resolve("ss.fio"), """
                [global]
                ioengine=psync
                rw=randread
                bs=4k
                size=8m
                time_based
                runtime=6s
                [easy]
                steadystate=iops:90%
                ss_dur=2s
                [never]
                new_group
                ss=iops:0.0001%
                ss_dur=3s
                ss_ramp=1s
                """);
        job = FioJob.fromJobFile(dir.resolve("ss.fio").toString(), "test");
        Path output = FioOutputs.run(dir, "ss", job.render(dir), "--output-format=json");
        result = FioResult.parse(output);
    }

    @Test
    void anAttainedCriterionIsReadWithItsWindowAndTheJobStoppedEarly() {
        SteadyState easy = result.job("easy").steadyState().orElseThrow();

        assertThat(easy.criterion()).isEqualTo("iops:90%");
        assertThat(easy.window()).isEqualTo(Duration.ofSeconds(2));
        assertThat(easy.attained()).isTrue();
        assertThat(easy.criterionValue()).isBetween(0.0, 90.0);
        assertThat(easy.iopsSamples()).hasSize(2).allSatisfy(iops -> assertThat(iops).isPositive());
        assertThat(easy.bandwidthSamples()).hasSize(2);
        assertThat(easy.iopsMean()).isEqualTo((easy.iopsSamples().get(0) + easy.iopsSamples().get(1)) / 2);
        // fio ended the job when it was steady: runtime is the upper bound
        assertThat(result.job("easy").read().runtime()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCriterionNeverMetIsReadAsNotAttainedAndTheJobRanItsWholeRuntime() {
        SteadyState never = result.job("never").steadyState().orElseThrow();

        assertThat(never.criterion()).isEqualTo("iops:0.0001%");
        assertThat(never.window()).isEqualTo(Duration.ofSeconds(3));
        assertThat(never.attained()).isFalse();
        assertThat(never.criterionValue()).isGreaterThanOrEqualTo(0.0001);
        assertThat(never.maxDeviation()).isPositive();
        assertThat(never.describe()).startsWith("iops:0.0001% over 3s: not attained (last ").endsWith("%)");
        assertThat(result.job("never").read().runtime()).isGreaterThanOrEqualTo(Duration.ofMillis(5900));
    }

    @Test
    void aMistypedSteadyStateFieldIsNamedWithItsPath() throws Exception {
        String output = Files.readString(dir.resolve("ss.json"));
        assertThat(output).containsPattern("\"attained\" : 0");

        assertThatThrownBy(() -> FioResult.parse(output.replaceFirst("\"attained\" : 0", "\"attained\" : \"no\"")))
                .isInstanceOf(FioOutputException.class)
                .hasMessage("fio's output: jobs[1].steadystate.attained should be a number but is \"no\"");
    }

    @Test
    void aJobThatDidNotAskHasNoSteadyState() throws Exception {
        Path output = FioOutputs.run(dir, "plain", FioOutputs.job(dir, "plain", "rw=read"), "--output-format=json");

        assertThat(FioResult.parse(output).job("plain").steadyState()).isEmpty();
    }

    @Test
    void onlyTheJobThatNeverGotSteadyIsAGuardrailFinding() {
        assertThat(Guardrails.check(job, result, false))
                .filteredOn(f -> f.id().equals("no-steady-state"))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("job never never reached steady state "
                        + "(iops:0.0001% over 3s: not attained").contains("raise runtime"));
    }

    @Test
    void isAttainedNamesTheJobThatWasNotSteady() {
        assertThatThrownBy(() -> FioAssertions.assertThat(result).steadyState().isAttained())
                .hasMessageContaining("1 job(s) did not")
                .hasMessageContaining("never: iops:0.0001% over 3s: not attained")
                .hasMessageNotContaining("easy:");
    }

    @Test
    void isAttainedPassesWhenEveryJobWasSteadyAndFailsWhenAJobDidNotAsk() throws Exception {
        FioJob easyOnly = FioJob.profile("randread-4k").withOverrides(Map.of(
                        "ioengine", new SourcedValue("psync", "t"), "size", new SourcedValue("8m", "t"),
                        "runtime", new SourcedValue("6s", "t"), "rampTime", new SourcedValue("1s", "t"),
                        "numjobs", new SourcedValue("1", "t")))
                .withSteadyState(SteadyStateCriterion.parse(new SourcedValue("iops:90%", "s"),
                        new SourcedValue("2s", "d"), null), "s");
        FioResult steady = FioResult.parse(FioOutputs.run(dir, "steady", easyOnly.render(dir),
                "--output-format=json"));

        FioAssertions.assertThat(steady).steadyState().isAttained();
        assertThat(Guardrails.check(easyOnly, steady, false)).noneMatch(f -> f.id().equals("no-steady-state"));

        Path plain = FioOutputs.run(dir, "unasked", FioOutputs.job(dir, "unasked", "rw=read"),
                "--output-format=json");
        assertThatThrownBy(() -> FioAssertions.assertThat(FioResult.parse(plain)).steadyState().isAttained())
                .hasMessageContaining("did not ask for it").hasMessageContaining("unasked");
    }
}
