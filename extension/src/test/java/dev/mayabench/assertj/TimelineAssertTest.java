package dev.mayabench.assertj;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.fio.FioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assertions over time: on a real fio result (its JSON) with interval logs written here in fio 3.33's format,
 * so a stall or a latency spike in one second is under the test's control.
 */
class TimelineAssertTest {

    private static final int BINS = 1856;
    /** fio's bin 1000: plat_idx_to_val(1000) = 2^20 + 40.5 * 2^14 = 1712128 ns. */
    private static final int SLOW_BIN = 1000;
    /** fio's bin 100: 100 ns. */
    private static final int FAST_BIN = 100;

    @TempDir
    static Path dir;

    static Path json;

    @BeforeAll
    static void aRealFioOutput() throws Exception {
        // asks fio for 1 s interval logs (elsewhere), so its JSON echoes the interval the timeline is read with
        Path logs = Files.createDirectories(dir.resolve("fio-logs")).resolve("tiny");
        Path job = Files.writeString(dir.resolve("tiny.fio"), "[global]\ndirectory=" + dir + "\nsize=1m\n"
                + "ioengine=psync\nbs=4k\nwrite_iops_log=" + logs + "\nwrite_bw_log=" + logs + "\nwrite_hist_log="
                + logs + "\nlog_avg_msec=1000\nlog_hist_msec=1000\n[tiny]\nrw=randrw\n");
        json = dir.resolve("tiny.json");
        Process fio = new ProcessBuilder("fio", "--output-format=json+", "--output=" + json, job.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tiny.log").toFile()).start();
        fio.waitFor(60, TimeUnit.SECONDS);
    }

    /** A result whose timeline has one write line per second: {iops, bin of all its I/O}. */
    private static FioResult resultWith(String run, long[][] seconds) throws IOException {
        Path runDir = Files.createDirectories(dir.resolve(run));
        Path output = Files.copy(json, runDir.resolve(run + ".json"));
        List<String> iops = new ArrayList<>();
        List<String> bw = new ArrayList<>();
        List<String> hist = new ArrayList<>();
        for (int s = 0; s < seconds.length; s++) {
            long t = (s + 1) * 1000L;
            iops.add(t + ", " + seconds[s][0] + ", 1, 0, 0");
            bw.add(t + ", " + seconds[s][0] * 4 + ", 1, 0, 0");
            long[] bins = new long[BINS];
            bins[(int) seconds[s][1]] = seconds[s][0];
            StringBuilder line = new StringBuilder(t + ", 1, 4096");
            for (long b : bins) {
                line.append(", ").append(b);
            }
            hist.add(line.toString());
        }
        Files.write(runDir.resolve(run + "_iops.1.log"), iops);
        Files.write(runDir.resolve(run + "_bw.1.log"), bw);
        Files.write(runDir.resolve(run + "_clat_hist.1.log"), hist);
        return FioResult.parse(output);
    }

    @Test
    void p99BelowTheLimitInEveryIntervalPasses() throws IOException {
        FioResult steady = resultWith("steady", new long[][] {{5000, FAST_BIN}, {5100, FAST_BIN}, {4900, FAST_BIN}});

        assertThatCode(() -> FioAssertions.assertThat(steady).timeline().p99()
                .isAtMostEverywhere(Duration.ofNanos(100))).doesNotThrowAnyException();
    }

    @Test
    void aLatencySpikeInOneIntervalFailsAndNamesIt() throws IOException {
        FioResult spiky = resultWith("spiky", new long[][] {{5000, FAST_BIN}, {5000, FAST_BIN}, {5000, SLOW_BIN}});

        assertThatThrownBy(() -> FioAssertions.assertThat(spiky).timeline().p99()
                .isAtMostEverywhere(Duration.ofMillis(0).plusNanos(1000)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the p99 latency of every interval of")
                .hasMessageContaining("to be at most 1.0 µs")
                .hasMessageContaining("but interval write at 2.0 s: 1.712 ms") // the third second starts at 2 s
                .hasMessageContaining("1 of 3 intervals are above");
    }

    @Test
    void aStallBelowHalfTheMedianFailsAndNamesTheInterval() throws IOException {
        FioResult stalled = resultWith("stalled", new long[][] {
                {5000, FAST_BIN}, {5200, FAST_BIN}, {300, FAST_BIN}, {5100, FAST_BIN}});

        assertThatThrownBy(() -> FioAssertions.assertThat(stalled).timeline().iops().neverBelow(0.5).ofMedian())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the IOPS of every interval of")
                .hasMessageContaining("to be at least 50% of the median (2525 IOPS of 5050)")
                .hasMessageContaining("but interval 2.0 s: 300 IOPS; 1 of 4 intervals are below");
    }

    @Test
    void steadyIopsPassNeverBelowHalfTheMedian() throws IOException {
        FioResult steady = resultWith("even", new long[][] {{5000, FAST_BIN}, {4000, FAST_BIN}, {5100, FAST_BIN}});

        assertThatCode(() -> FioAssertions.assertThat(steady).timeline().iops().neverBelow(0.5).ofMedian())
                .doesNotThrowAnyException();
    }

    @Test
    void anEmptyTimelineFailsInsteadOfPassingVacuously() {
        FioResult noLogs = FioResult.parse(json);

        assertThatThrownBy(() -> FioAssertions.assertThat(noLogs).timeline().p99()
                .isAtMostEverywhere(Duration.ofHours(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not to be empty")
                .hasMessageContaining("interval logs");
        assertThatThrownBy(() -> FioAssertions.assertThat(noLogs).timeline().iops().neverBelow(0.1).ofMedian())
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aFractionOutsideZeroToOneIsRefusedWithAnExample() throws IOException {
        FioResult steady = resultWith("fraction", new long[][] {{5000, FAST_BIN}});

        assertThatThrownBy(() -> FioAssertions.assertThat(steady).timeline().iops().neverBelow(50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neverBelow(50.0)")
                .hasMessageContaining("neverBelow(0.5).ofMedian()");
    }
}
