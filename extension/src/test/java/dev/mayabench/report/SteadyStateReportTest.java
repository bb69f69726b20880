package dev.mayabench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.JobResult;
import dev.mayabench.fio.SteadyState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steady-state lines of a real fio run (fio 3.33 installed here) of three groups: two clones with an easy
 * criterion ({@code iops:90%} over 2 s, attained), one with a bandwidth slope it cannot meet, one that did not
 * ask.
 */
class SteadyStateReportTest {

    @TempDir
    static Path dir;

    static FioResult result;

    @BeforeAll
    static void runFio() throws Exception {
        Path jobFile = Files.writeString(dir.resolve("ss.fio"), """
                [global]
                ioengine=psync
                rw=randread
                bs=4k
                size=8m
                time_based
                runtime=5s
                directory=%s
                [easy]
                steadystate=iops:90%%
                ss_dur=2s
                numjobs=2
                [never]
                new_group
                ss=bw_slope:0.0001%%
                ss_dur=3s
                [plain]
                new_group
                """.formatted(dir));
        Path output = dir.resolve("ss.json");
        Process fio = new ProcessBuilder("fio", "--output-format=json", "--output=" + output, jobFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ss.log").toFile()).start();
        assertThat(fio.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(fio.exitValue()).as("fio: %s", Files.readString(dir.resolve("ss.log"))).isZero();
        result = FioResult.parse(output);
    }

    @Test
    void eachJobThatAskedHasOneLineClonesNumberedAndAJobThatDidNotAskHasNone() {
        assertThat(SteadyStateReport.lines(result)).containsOnlyKeys("easy[1]", "easy[2]", "never");
        assertThat(SteadyStateReport.reportEntries(result)).containsOnlyKeys("mayabench.steadyState.easy[1]",
                "mayabench.steadyState.easy[2]", "mayabench.steadyState.never");
        assertThat(SteadyStateReport.reportEntries(result).get("mayabench.steadyState.never"))
                .isEqualTo(SteadyStateReport.lines(result).get("never"));
    }

    @Test
    void anAttainedJobSaysWhenFioStoppedItAndItsDeviationInIops() {
        for (int i = 0; i < 2; i++) {
            JobResult job = result.jobs().get(i);
            SteadyState ss = job.steadyState().orElseThrow();
            Matcher line = Pattern.compile("iops:90% over 2s: attained, fio stopped the job after (\\d+\\.\\d)s; "
                            + "last ([\\d.]+)%, max deviation ([\\d.]+) IOPS, mean (\\d+) IOPS")
                    .matcher(SteadyStateReport.lines(result).get("easy[" + (i + 1) + "]"));
            assertThat(line.matches()).as(SteadyStateReport.lines(result).toString()).isTrue();
            double stoppedAfter = Double.parseDouble(line.group(1));
            assertThat(stoppedAfter).isEqualTo(Math.round(job.read().runtime().toMillis() / 100.0) / 10.0)
                    .isLessThan(4.5);
            assertThat(Double.parseDouble(line.group(2))).isCloseTo(ss.criterionValue(),
                    org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(Double.parseDouble(line.group(3))).isCloseTo(ss.maxDeviation(),
                    org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(Long.parseLong(line.group(4))).isEqualTo(ss.iopsMean());
        }
    }

    @Test
    void aJobThatNeverGotThereRanItsWholeRuntimeAndItsBandwidthIsInMibPerSecond() {
        Matcher line = Pattern.compile("bw_slope:0.0001% over 3s: not attained in (\\d+\\.\\d)s \\(the whole "
                        + "runtime\\); last -?[\\d.E-]+%, slope (-?[\\d.E-]+) MiB/s/s, mean ([\\d.]+) MiB/s")
                .matcher(SteadyStateReport.lines(result).get("never"));
        assertThat(line.matches()).as(SteadyStateReport.lines(result).get("never")).isTrue();
        JobResult never = result.jobs().get(2);
        assertThat(Double.parseDouble(line.group(1))).isGreaterThanOrEqualTo(4.9);
        SteadyState ss = never.steadyState().orElseThrow();
        assertThat(Double.parseDouble(line.group(2)) * 1048576).isCloseTo(ss.slope(),
                org.assertj.core.data.Percentage.withPercentage(1));
        // fio's window mean is bytes/s; the job's whole-run bandwidth (KiB/s) is an independent figure near it
        double meanMiBs = Double.parseDouble(line.group(3));
        assertThat(meanMiBs).isCloseTo(never.read().bandwidthKiB() / 1024.0,
                org.assertj.core.data.Percentage.withPercentage(50));
        assertThat(String.format(Locale.ROOT, "%.1f", ss.bandwidthMean() / 1048576.0)).isEqualTo(line.group(3));
    }
}
