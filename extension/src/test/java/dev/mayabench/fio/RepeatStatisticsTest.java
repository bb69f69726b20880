package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spread of repeated runs, from real fio runs held at known rates so the spread is known too. */
class RepeatStatisticsTest {

    @TempDir
    static Path dir;
    static FioResult at100;
    static FioResult at200;
    static FioResult at300;

    @BeforeAll
    static void runFio() throws Exception {
        at100 = run("a", 100);
        at200 = run("b", 200);
        at300 = run("c", 300);
    }

    private static FioResult run(String name, int iops) throws Exception {
        return FioResult.parse(FioOutputs.run(dir, name, FioOutputs.job(dir, name, "rw=randread",
                "rate_iops=" + iops), "--output-format=json+"));
    }

    @Test
    void meanMinMaxAndCoefficientOfVariationOfEachFigure() {
        RepeatStatistics stats = RepeatStatistics.of(List.of(at100, at200, at300));

        assertThat(stats.runs()).isEqualTo(3);
        assertThat(stats.figures()).extracting(RepeatStatistics.Spread::figure)
                .containsExactly("read IOPS", "read bandwidth KiB/s", "read p99 ns");
        RepeatStatistics.Spread iops = stats.figure("read IOPS").orElseThrow();
        double[] values = {at100.read().iops(), at200.read().iops(), at300.read().iops()};
        double mean = (values[0] + values[1] + values[2]) / 3;
        double sd = Math.sqrt(((values[0] - mean) * (values[0] - mean) + (values[1] - mean) * (values[1] - mean)
                + (values[2] - mean) * (values[2] - mean)) / 2);
        assertThat(iops.mean()).isCloseTo(mean, within(1e-9));
        assertThat(iops.min()).isEqualTo(values[0]);
        assertThat(iops.max()).isEqualTo(values[2]);
        assertThat(iops.cv()).isCloseTo(sd / mean, within(1e-12));
        assertThat(iops.cv()).as("rates of 100, 200 and 300 IOPS").isCloseTo(0.5, within(0.05));
    }

    @Test
    void aLargeSpreadIsAGuardrailFindingAndASmallOneIsNot() {
        FioJob job = FioJob.profile("randread-4k");
        FioResult noisy = at200.withRepeats(RepeatStatistics.of(List.of(at100, at200, at300)));
        FioResult steady = at200.withRepeats(RepeatStatistics.of(List.of(at200, at200, at200)));

        assertThat(Guardrails.check(job, noisy, false)).extracting(Guardrails.Finding::id).contains("spread");
        assertThat(Guardrails.check(job, noisy, false)).filteredOn(f -> f.id().equals("spread"))
                .first().extracting(Guardrails.Finding::message).asString()
                .contains("read IOPS varied by", "over 3 runs");
        assertThat(Guardrails.check(job, steady, false)).extracting(Guardrails.Finding::id)
                .doesNotContain("spread");
    }
}
