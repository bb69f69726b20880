package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Threshold expressions: every metric, unit and operator, malformed input, and checks against real fio output. */
class ThresholdTest {

    @TempDir
    static Path dir;
    static FioResult twoJobs;

    @BeforeAll
    static void runFio() throws Exception {
        String job = "[global]\ndirectory=" + dir + "\nsize=8m\nruntime=1\ntime_based\nioengine=psync\nbs=4k\n"
                + "[deep]\nrw=randread\n[writer]\nrw=randwrite\n";
        twoJobs = FioResult.parse(FioOutputs.run(dir, "thresholds", job, "--output-format=json+"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            read.iops >= 200k         | read  | iops  | AT_LEAST | 200000
            read.iops > 1500          | read  | iops  | GREATER  | 1500
            write.iops<=2M            | write | iops  | AT_MOST  | 2000000
            read.iops < 2.5k          | read  | iops  | LESS     | 2500
            read.bw >= 1GiB/s         | read  | bw    | AT_LEAST | 1073741824
            write.bw > 512 MiB/s      | write | bw    | GREATER  | 536870912
            read.bw < 100KiB/s        | read  | bw    | LESS     | 102400
            read.p99 < 2ms            | read  | p99   | LESS     | 2000000
            write.p99.9 <= 5ms        | write | p99.9 | AT_MOST  | 5000000
            read.p50 <= 250us         | read  | p50   | AT_MOST  | 250000
            read.p99.99 < 1µs         | read  | p99.99| LESS     | 1000
            read.mean < 800ns         | read  | mean  | LESS     | 800
            write.mean >= 1.5s        | write | mean  | AT_LEAST | 1500000000
            """)
    void everyMetricUnitAndOperatorIsRead(String expression, String direction, String statistic, String operator,
                                          double limit) {
        Threshold t = Threshold.parse(expression);

        assertThat(t.job()).isEmpty();
        assertThat(t.direction()).isEqualTo(direction);
        assertThat(t.statistic()).isEqualTo(statistic.trim());
        assertThat(t.operator()).isEqualTo(Threshold.Operator.valueOf(operator.trim()));
        assertThat(t.limit()).isCloseTo(limit, within(1e-6));
    }

    @Test
    void aJobCanBeNamed() {
        Threshold t = Threshold.parse("job[deep].read.p99 < 2ms");

        assertThat(t.job()).contains("deep");
        assertThat(t.statistic()).isEqualTo("p99");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            read.p99 < 2 parsecs  | 14 | found unit 'parsecs', expected a time unit: ns, us, ms or s
            read.iops >= 200x     | 17 | found unit 'x', expected a count: no unit, k (thousand) or M (million)
            read.bw >= 1GB/s      | 13 | found unit 'GB/s', expected a bandwidth unit: KiB/s, MiB/s or GiB/s
            reed.p99 < 2ms        | 1  | found 'reed', expected start with read. or write. (did you mean 'read'?)
            read.p99 = 2ms        | 10 | found '=', expected an operator: <, <=, > or >=
            read.latency < 2ms    | 6  | found 'latency', expected a statistic: iops, bw, mean or a percentile
            read.p0 < 2ms         | 6  | found 'p0', expected a statistic: iops, bw, mean or a percentile above 0
            read.p99 <            | 11 | found the end, expected a number
            read p99 < 2ms        | 5  | found ' ', expected a '.' after 'read'
            job[deep.read.p99<1ms | 5  | found 'job[' without its ']'
            pod[].read.p99 < 1ms  | 5  | found an empty pod, expected name the pod by its index from 0 or its name
            """)
    void aMalformedExpressionNamesItselfThePositionAndWhatWasExpected(String expression, int position,
                                                                      String message) {
        assertThatThrownBy(() -> Threshold.parse(expression))
                .isInstanceOfSatisfying(ThresholdSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.expression()).isEqualTo(expression);
                })
                .hasMessageContaining("\"" + expression + "\"")
                .hasMessageContaining("at position " + position)
                .hasMessageContaining(message)
                .hasMessageEndingWith(" ".repeat(position - 1) + "^");
    }

    @Test
    void aBlankExpressionIsRefusedWithAnExample() {
        assertThatThrownBy(() -> Threshold.parse("   "))
                .isInstanceOf(ThresholdSyntaxException.class)
                .hasMessageContaining("found an empty expression, expected write e.g. \"read.p99 < 2ms\"");
    }

    @Test
    void checksCompareWithTheMeasuredAggregateAndPerJobFigures() {
        IoStats read = twoJobs.read();

        Threshold.Outcome pass = Threshold.parse("read.iops > " + Math.floor(read.iops() / 2)).check(twoJobs);
        Threshold.Outcome fail = Threshold.parse("read.iops > " + Math.ceil(read.iops() * 2)).check(twoJobs);
        Threshold.Outcome p99 = Threshold.parse("job[deep].read.p99 <= 10s").check(twoJobs);
        Threshold.Outcome writeBw = Threshold.parse("write.bw >= 1KiB/s").check(twoJobs);

        assertThat(pass.passed()).isTrue();
        assertThat(pass.measured()).contains(read.iops());
        assertThat(fail.passed()).isFalse();
        assertThat(fail.line()).contains("read.iops > ", "measured ", "FAIL");
        assertThat(p99.passed()).isTrue();
        assertThat(p99.measured()).contains((double) twoJobs.job("deep").read().latencyPercentile(99).toNanos());
        assertThat(writeBw.measured()).contains(twoJobs.write().bandwidthKiB() * 1024.0);
        assertThat(writeBw.passed()).isEqualTo(twoJobs.write().bandwidthKiB() >= 1);
    }

    @Test
    void aFigureThatCannotBeMeasuredFailsAndSaysWhy() {
        Threshold.Outcome noSuchJob = Threshold.parse("job[shallow].read.p99 < 1ms").check(twoJobs);
        Threshold.Outcome noReads = Threshold.parse("job[writer].read.iops > 1").check(twoJobs);

        assertThat(noSuchJob.passed()).isFalse();
        assertThat(noSuchJob.measured()).isEqualTo(Optional.empty());
        assertThat(noSuchJob.problem()).isEqualTo("no job named 'shallow'; jobs: [deep, writer]");
        assertThat(noReads.passed()).isFalse();
        assertThat(noReads.problem()).isEqualTo("the run did no read I/O");
    }

    @Test
    void aPodIsChosenByIndexOrNameAndItsOwnFiguresAreJudged() {
        FioResult pods = FioResult.merge(List.of(twoJobs.ranOn("mb-run-0"), twoJobs.ranOn("mb-run-1")));
        Threshold byIndex = Threshold.parse("pod[1].job[deep].read.p99 <= 10s");

        Threshold.Outcome second = byIndex.check(pods);
        Threshold.Outcome first = Threshold.parse("pod[mb-run-0].read.iops > 1").check(pods);

        assertThat(byIndex.pod()).contains("1");
        assertThat(byIndex.job()).contains("deep");
        assertThat(second.passed()).isTrue();
        assertThat(second.measured()).contains((double) twoJobs.job("deep").read().latencyPercentile(99).toNanos());
        assertThat(first.measured()).contains(twoJobs.read().iops());
        assertThat(Threshold.parse("pod[2].read.iops > 1").check(pods).problem())
                .isEqualTo("no pod '2'; pods: [mb-run-0, mb-run-1] (or their index, from 0)");
        assertThat(Threshold.parse("pod[0].read.iops > 1").check(twoJobs).problem())
                .startsWith("the run had no pods");
    }
}
