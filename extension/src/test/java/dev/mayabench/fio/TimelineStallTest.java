package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.SourcedValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stall inside a run is an interval of (near) zero IOPS, not a missing interval: fio writes no iops line for a
 * window in which a job completed nothing (axboe/fio stat.c __add_samples), so the timeline must fill the gap.
 */
class TimelineStallTest {

    @TempDir
    Path dir;

    /**
     * The logs of one job as {@link TimelineTest#writeJob} writes them, but each histogram line stamped 1 ms before
     * its window ends, at a completion inside it: a stall is a window without completions, so no histogram line may
     * be stamped inside it (fio stamps a histogram line with the completion that made it write the line).
     */
    private void writeJob(int job, long[][] lines) throws IOException {
        TimelineTest.writeJob(dir, "r", job, lines, 10);
        StringBuilder hist = new StringBuilder();
        for (long[] l : lines) {
            hist.append(TimelineTest.histLine(l[0] - 1, (int) l[1], new int[] {10}, new long[] {l[2]})).append('\n');
        }
        Files.writeString(dir.resolve("r_clat_hist." + job + ".log"), hist);
    }

    @Test
    void aWindowNoJobLoggedInsideTheRunIsAnIntervalWithoutIo() throws IOException {
        // both jobs: reads at 1, 2, 4 and 5 s; nothing completed in the window that ends at 3 s
        long[][] lines = {{1000, 0, 100, 400}, {2000, 0, 100, 400}, {4000, 0, 100, 400}, {5000, 0, 100, 400}};
        writeJob(1, lines);
        writeJob(2, lines);

        List<Timeline.Interval> reads = Timeline.read(dir, "r", Duration.ofSeconds(1)).read();

        assertThat(reads).extracting(Timeline.Interval::start).containsExactly(Duration.ofSeconds(0),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4));
        assertThat(reads.get(2).iops()).isZero();
        assertThat(reads.get(2).completions()).isZero();
        assertThat(reads.get(2).p99()).isEmpty();
        assertThat(reads.get(3).iops()).isEqualTo(200);
    }

    @Test
    void aWindowOnlySomeJobsLoggedInsideTheRunCountsTheOthersAsZero() throws IOException {
        writeJob(1, new long[][] {{1000, 0, 100, 400}, {2000, 0, 100, 400}, {3000, 0, 100, 400}});
        writeJob(2, new long[][] {{1000, 0, 100, 400}, {3000, 0, 100, 400}, {4001, 0, 7, 28}});

        List<Timeline.Interval> reads = Timeline.read(dir, "r", Duration.ofSeconds(1)).read();

        // the second only job 1 logged is job 1's alone; the last, partial window only job 2 logged is still dropped
        assertThat(reads).extracting(Timeline.Interval::iops).containsExactly(200.0, 100.0, 200.0);
    }

    @Test
    void aWindowWithoutIopsLinesButWithCompletionsIsALateLineNotAStallAndIsLeftOut() throws IOException {
        // fio's helper thread woke late: no iops line for the window ending at 3 s, the next one averages both;
        // the jobs' own histogram lines show completions in that window (a line stamped 2.5 s, at a completion)
        long[][] lines = {{1000, 0, 100, 400}, {2000, 0, 100, 400}, {4000, 0, 100, 400}, {5000, 0, 100, 400}};
        for (int job = 1; job <= 2; job++) {
            writeJob(job, lines);
            Files.writeString(dir.resolve("r_clat_hist." + job + ".log"), TimelineTest.histLine(2500, 0,
                    new int[] {10}, new long[] {100}) + "\n", java.nio.file.StandardOpenOption.APPEND);
        }

        List<Timeline.Interval> reads = Timeline.read(dir, "r", Duration.ofSeconds(1)).read();

        assertThat(reads).extracting(Timeline.Interval::start).containsExactly(Duration.ofSeconds(0),
                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(4));
    }

    @Test
    void aRealStallShowsAsAnIntervalWithoutIoAndBreaksAThresholdRelativeToTheMedian() throws IOException {
        // 500 IOPS for 1000 I/O (2 s), then a 2.5 s pause (fio's thinktime), then I/O again until 6 s; fio's null
        // engine, so that the first 1000 I/O take 2 s also on a loaded machine (with psync reads under the other
        // test fork's load they took more than 3 s, and the pause missed the window from 3 s to 4 s)
        Path jobFile = Files.writeString(dir.resolve("stall.fio"), "[stall]\nrw=randread\nbs=4k\nsize=8m\n"
                + "ioengine=null\ntime_based\nruntime=6\nrate_iops=500\nthinktime=2500ms\nthinktime_blocks=1000\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        FioResult result = FioResult.parse(new FioRunner().run(FioJob.fromJobFile(jobFile.toString(), "test")
                .withLogInterval(new SourcedValue("1s", "test")), data, dir.resolve("runs"), "stall").output());

        List<Timeline.Interval> reads = result.timeline().read();
        assertThat(reads).as("the pause covers the whole window from 3 s to 4 s").anySatisfy(i -> {
            assertThat(i.start()).isEqualTo(Duration.ofSeconds(3));
            assertThat(i.iops()).isZero();
        });
        Threshold.Outcome outcome = Threshold.parse("read.iops >= 50% of median everywhere").check(result);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.measuredText()).matches("interval [23]s: [\\d.]+ IOPS < 50% of median .*");
    }
}
