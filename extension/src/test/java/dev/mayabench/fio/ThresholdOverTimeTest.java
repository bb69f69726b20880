package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mayabench.config.SourcedValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Threshold expressions over time ({@code ... everywhere}): the grammar, its errors, and checks on real fio runs. */
class ThresholdOverTimeTest {

    @TempDir
    static Path dir;
    static FioResult logged;
    static FioResult off;

    @BeforeAll
    static void runFioWithAndWithoutLogs() throws IOException {
        Path jobFile = Files.writeString(dir.resolve("reads.fio"), "[reads]\nrw=randread\nbs=4k\nsize=8m\n"
                + "ioengine=psync\nnumjobs=2\ntime_based\nruntime=3\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        FioJob job = FioJob.fromJobFile(jobFile.toString(), "test");
        logged = FioResult.parse(new FioRunner().run(job, data, dir.resolve("runs"), "logged").output());
        off = FioResult.parse(new FioRunner().run(job.withLogInterval(new SourcedValue("off", "test")), data,
                dir.resolve("runs"), "off").output());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            read.p99 <= 5ms everywhere               | read  | p99  | AT_MOST  | 5000000 | false
            write.iops >= 10k everywhere             | write | iops | AT_LEAST | 10000   | false
            read.bw > 1 MiB/s everywhere             | read  | bw   | GREATER  | 1048576 | false
            read.iops >= 50% of median everywhere    | read  | iops | AT_LEAST | 0.5     | true
            read.p99.9 < 300% of median everywhere   | read  | p99.9| LESS     | 3       | true
            pod[0].read.iops >= 1k everywhere        | read  | iops | AT_LEAST | 1000    | false
            """)
    void anExpressionEndingInEverywhereJudgesEveryInterval(String expression, String direction, String statistic,
                                                           String operator, double limit, boolean ofMedian) {
        Threshold t = Threshold.parse(expression);

        assertThat(t.everywhere()).isTrue();
        assertThat(t.ofMedian()).isEqualTo(ofMedian);
        assertThat(t.direction()).isEqualTo(direction);
        assertThat(t.statistic()).isEqualTo(statistic.trim());
        assertThat(t.operator()).isEqualTo(Threshold.Operator.valueOf(operator.trim()));
        assertThat(t.limit()).isCloseTo(limit, within(1e-9));
    }

    @Test
    void theWholeRunFormsAreUnchanged() {
        Threshold t = Threshold.parse("read.p99 < 2ms");
        assertThat(t.everywhere()).isFalse();
        assertThat(t.ofMedian()).isFalse();
        assertThat(t.limitText()).isEqualTo("< 2.000 ms");
        assertThat(Threshold.parse("read.iops >= 50% of median everywhere").limitText())
                .isEqualTo(">= 50% of median everywhere");
        assertThat(Threshold.parse("read.p99 <= 5ms everywhere").limitText()).isEqualTo("<= 5.000 ms everywhere");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            read.p99 <= 5ms everywere                | 17 | found 'everywere', expected did you mean 'everywhere'?
            read.iops >= 50% of median               | 16 | expected 'everywhere' at the end
            read.iops >= 50% of mean everywhere      | 16 | expected '% of median', as in read.iops >= 50% of median everywhere
            job[deep].read.p99 <= 5ms everywhere     | 1  | found job[deep] with 'everywhere', expected no job[...]: the timeline is summed over all jobs
            read.mean < 1ms everywhere               | 6  | found 'mean' with 'everywhere', expected a percentile such as p50
            read.iops >= 0% of median everywhere     | 14 | expected a percentage above 0
            """)
    void aMalformedOverTimeExpressionSaysWhereAndWhatWasExpected(String expression, int position, String message) {
        assertThatThrownBy(() -> Threshold.parse(expression))
                .isInstanceOf(ThresholdSyntaxException.class)
                .hasMessageContaining("at position " + position + ":")
                .hasMessageContaining(message.trim());
    }

    @Test
    void aLimitEveryIntervalMeetsPasses() {
        Threshold.Outcome outcome = Threshold.parse("read.p99 <= 10s everywhere").check(logged);

        assertThat(outcome.passed()).as(outcome.line()).isTrue();
        assertThat(outcome.measuredText()).matches("worst .+ \\(interval \\d+s\\) of \\d+ intervals");
    }

    @Test
    void aFailureNamesTheFirstIntervalThatBrokeTheLimitAndHowManyDid() {
        List<Timeline.Interval> reads = logged.timeline().read();
        assertThat(reads).hasSizeGreaterThanOrEqualTo(2);

        Threshold.Outcome outcome = Threshold.parse("read.p99 <= 1ns everywhere").check(logged);

        assertThat(outcome.passed()).isFalse();
        String p99 = Threshold.parse("read.p99 <= 1ns").format(reads.get(0).p99().orElseThrow().toNanos());
        assertThat(outcome.measuredText()).isEqualTo("interval 0s: p99 " + p99 + " > 1 ns");
        assertThat(outcome.problem()).isEqualTo(reads.size() + " of " + reads.size() + " read intervals of 1s break it");
    }

    @Test
    void aLimitRelativeToTheMedianIsJudgedAgainstTheMedianIntervalAndNamesIt() {
        List<Double> iops = logged.timeline().read().stream().map(Timeline.Interval::iops).toList();
        List<Double> sorted = iops.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        int firstBelow = -1;
        for (int i = 0; i < n && firstBelow < 0; i++) {
            if (iops.get(i) < median) {
                firstBelow = i;
            }
        }
        assertThat(firstBelow).as("some interval is below the median of %s", iops).isNotNegative();

        Threshold.Outcome all = Threshold.parse("read.iops >= 100% of median everywhere").check(logged);
        Threshold.Outcome lenient = Threshold.parse("read.iops >= 1% of median everywhere").check(logged);

        assertThat(all.passed()).isFalse();
        assertThat(all.measuredText()).startsWith("interval " + firstBelow + "s: ")
                .contains(" < 100% of median ");
        assertThat(lenient.passed()).as(lenient.line()).isTrue();
    }

    @Test
    void withLoggingOffAnOverTimeThresholdFailsAndSaysHowToTurnItOn() {
        Threshold.Outcome outcome = Threshold.parse("read.p99 <= 5ms everywhere").check(off);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.problem()).startsWith("no timeline: ").contains("the log interval was off")
                .contains("@Fio(logInterval = \"1s\")");
        // the same expression about the whole run is still judged
        assertThat(Threshold.parse("read.p99 <= 5s").check(off).passed()).isTrue();
    }

    @Test
    void aDirectionTheRunDidNotDoFailsSayingSo() {
        Threshold.Outcome outcome = Threshold.parse("write.iops >= 1 everywhere").check(logged);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.problem()).isEqualTo("no write interval in the timeline (the run did no write I/O)");
    }
}
