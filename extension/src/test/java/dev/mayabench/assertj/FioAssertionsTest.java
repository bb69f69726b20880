package dev.mayabench.assertj;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.fio.FioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assertions against a result of a real fio run: passing thresholds pass, breaches say everything. */
class FioAssertionsTest {

    @TempDir
    static Path dir;

    static FioResult result;

    @BeforeAll
    static void runFio() throws Exception {
        Path job = Files.writeString(dir.resolve("mixed.fio"), "[global]\ndirectory=" + dir + "\nsize=8m\n"
                + "runtime=1\ntime_based\nioengine=psync\nbs=4k\n[mixer]\nrw=randrw\n");
        Path output = dir.resolve("mixed.json");
        Process fio = new ProcessBuilder("fio", "--output-format=json+", "--output=" + output, job.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mixed.log").toFile()).start();
        fio.waitFor(60, TimeUnit.SECONDS);
        result = FioResult.parse(output).withOrigin("randrw-4k", output);
    }

    @Test
    void thresholdsTheRunMeetsPass() {
        assertThatCode(() -> FioAssertions.assertThat(result).read()
                .hasIopsAtLeast(result.read().iops())
                .hasBandwidthAtLeast(result.read().bandwidthKiB())
                .hasMeanLatencyAtMost(result.read().meanLatency())
                .hasLatencyPercentileAtMost(99.0, result.read().latencyPercentile(99.0)))
                .doesNotThrowAnyException();
        assertThatCode(() -> FioAssertions.assertThat(result).job("mixer").write().hasIopsAtLeast(1))
                .doesNotThrowAnyException();
    }

    @Test
    void iopsBreachShowsMeasuredThresholdDirectionProfileAndSavedPath() {
        assertThatThrownBy(() -> FioAssertions.assertThat(result).read().hasIopsAtLeast(1e12))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting IOPS of read of all jobs")
                .hasMessageContaining("measured: ")
                .hasMessageContaining("threshold: 1,000,000,000,000.0")
                .hasMessageContaining("profile randrw-4k")
                .hasMessageContaining(dir.resolve("mixed.json").toString());
    }

    @Test
    void percentileBreachShowsBothDurationsInReadableUnits() {
        assertThatThrownBy(() -> FioAssertions.assertThat(result).write()
                .hasLatencyPercentileAtMost(99.9, Duration.ofNanos(1)))
                .hasMessageContaining("Expecting p99.9 latency of write of all jobs")
                .hasMessageContaining("threshold: 1 ns")
                .hasMessageMatching("(?s).*measured: [0-9.]+ (µs|ms).*");
    }

    @Test
    void bandwidthAndMeanLatencyBreachesNameTheirFigure() {
        assertThatThrownBy(() -> FioAssertions.assertThat(result).read().hasBandwidthMiBAtLeast(1e9))
                .hasMessageContaining("Expecting bandwidth of read of all jobs")
                .hasMessageContaining("MiB/s");
        assertThatThrownBy(() -> FioAssertions.assertThat(result).job("mixer").read()
                .hasMeanLatencyAtMost(Duration.ZERO))
                .hasMessageContaining("Expecting mean latency of read of job 'mixer'");
    }

    @Test
    void unknownJobListsTheJobsThereAre() {
        assertThatThrownBy(() -> FioAssertions.assertThat(result).job("mixr"))
                .hasMessageContaining("to have a job named")
                .hasMessageContaining("mixr")
                .hasMessageContaining("[mixer]");
    }

    @Test
    void percentileThatCannotBeKnownFailsTheAssertionWithTheReason() throws Exception {
        Path job = Files.writeString(dir.resolve("reads.fio"), "[global]\ndirectory=" + dir + "\nsize=8m\n"
                + "runtime=1\ntime_based\nioengine=psync\n[reader]\nrw=randread\n");
        Path output = dir.resolve("reads.json");
        new ProcessBuilder("fio", "--output-format=json", "--output=" + output, job.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("reads.log").toFile()).start()
                .waitFor(60, TimeUnit.SECONDS);
        FioResult readsOnly = FioResult.parse(output);

        assertThatThrownBy(() -> FioAssertions.assertThat(readsOnly).write()
                .hasLatencyPercentileAtMost(99.0, Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("it is not available")
                .hasMessageContaining("did no write I/O");
    }
}
