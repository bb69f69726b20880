package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading fio's interval logs into a {@link Timeline}, on logs written here in fio 3.33's format. */
class TimelineTest {

    /** Bins per histogram line in fio 3.33 (FIO_IO_U_PLAT_GROUP_NR 29 × 64). */
    static final int BINS = 1856;

    @TempDir
    Path dir;

    /** A histogram log line: time, direction, block size, then {@code counts[i]} I/O in bin {@code index[i]}. */
    static String histLine(long msec, int ddir, int[] index, long[] counts) {
        long[] bins = new long[BINS];
        for (int i = 0; i < index.length; i++) {
            bins[index[i]] = counts[i];
        }
        StringBuilder line = new StringBuilder(msec + ", " + ddir + ", 4096");
        for (long b : bins) {
            line.append(", ").append(b);
        }
        return line.toString();
    }

    /** The three logs of one job: per line {time, ddir, iops, kib/s} and a single-bin histogram. */
    static void writeJob(Path dir, String run, int job, long[][] lines, int bin) throws IOException {
        List<String> iops = new ArrayList<>();
        List<String> bw = new ArrayList<>();
        List<String> hist = new ArrayList<>();
        for (long[] l : lines) {
            iops.add(l[0] + ", " + l[2] + ", " + l[1] + ", 0, 0");
            bw.add(l[0] + ", " + l[3] + ", " + l[1] + ", 0, 0");
            hist.add(histLine(l[0] + 1, (int) l[1], new int[] {bin}, new long[] {l[2]}));
        }
        Files.write(dir.resolve(run + "_iops." + job + ".log"), iops);
        Files.write(dir.resolve(run + "_bw." + job + ".log"), bw);
        Files.write(dir.resolve(run + "_clat_hist." + job + ".log"), hist);
    }

    @Test
    void percentilesComeFromTheSummedBinsOfAllJobsNotFromAveragingTheirs() throws IOException {
        // job 1: 100 fast writes (bin 10 = 10 ns); job 2: 100 slow writes (bin 1000), in the same second
        writeJob(dir, "r", 1, new long[][] {{1000, 1, 100, 400}}, 10);
        writeJob(dir, "r", 2, new long[][] {{1000, 1, 100, 400}}, 1000);

        Timeline.Interval second = Timeline.read(dir, "r", Duration.ofSeconds(1)).write().get(0);

        long slow = Timeline.binValue(1000);
        assertThat(second.completions()).isEqualTo(200);
        assertThat(second.percentile(50)).contains(Duration.ofNanos(10));
        assertThat(second.p99()).contains(Duration.ofNanos(slow));
        // what averaging the jobs' own p99 would give, which is no percentile of anything
        assertThat(second.p99()).isNotEqualTo(java.util.Optional.of(Duration.ofNanos((10 + slow) / 2)));
    }

    @Test
    void iopsAndBandwidthAreSummedPerIntervalAndDirection() throws IOException {
        writeJob(dir, "r", 1, new long[][] {{1000, 0, 300, 1200}, {1000, 1, 100, 400}, {2001, 0, 310, 1240}}, 200);
        writeJob(dir, "r", 2, new long[][] {{999, 0, 200, 800}, {1000, 1, 50, 200}, {2000, 0, 190, 760}}, 200);

        Timeline timeline = Timeline.read(dir, "r", Duration.ofSeconds(1));

        assertThat(timeline.read()).extracting(Timeline.Interval::start)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(timeline.read()).extracting(Timeline.Interval::iops).containsExactly(500.0, 500.0);
        assertThat(timeline.read()).extracting(Timeline.Interval::kibPerSecond).containsExactly(2000.0, 2000.0);
        assertThat(timeline.write()).extracting(Timeline.Interval::iops).containsExactly(150.0);
        assertThat(timeline.totalIops()).containsEntry(Duration.ZERO, 650.0).containsEntry(Duration.ofSeconds(1),
                500.0);
    }

    @Test
    void aWindowOnlySomeJobsLoggedIsNoInterval() throws IOException {
        // fio 3.33 at exit: job 2 logs a last partial window at 3001 ms, job 1 does not
        writeJob(dir, "r", 1, new long[][] {{1000, 0, 300, 1200}, {2000, 0, 300, 1200}}, 200);
        writeJob(dir, "r", 2, new long[][] {{1000, 0, 300, 1200}, {2000, 0, 300, 1200}, {3001, 0, 40, 160}}, 200);

        assertThat(Timeline.read(dir, "r", Duration.ofSeconds(1)).read()).extracting(Timeline.Interval::start)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void noLogsIsAnEmptyTimelineNotAnError() {
        Timeline none = Timeline.besideOutput(dir.resolve("old-result.json"));

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.all()).isEmpty();
        assertThat(Timeline.besideOutput(dir.resolve("missing/dir/x.json")).isEmpty()).isTrue();
    }

    @Test
    void anotherRunsLogsInTheSameDirectoryAreNotMixedIn() throws IOException {
        writeJob(dir, "r", 1, new long[][] {{1000, 0, 300, 1200}}, 200);
        writeJob(dir, "r-run2", 1, new long[][] {{1000, 0, 999, 1200}}, 200);

        assertThat(Timeline.read(dir, "r", Duration.ofSeconds(1)).read()).extracting(Timeline.Interval::iops)
                .containsExactly(300.0);
    }

    @Test
    void aMalformedLogLineNamesTheFileAndLine() throws IOException {
        Files.writeString(dir.resolve("r_iops.1.log"), "1000, 300, 0, 0, 0\n2000, lots, 0, 0, 0\n");

        assertThatThrownBy(() -> Timeline.read(dir, "r", Duration.ofSeconds(1)))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("r_iops.1.log line 2")
                .hasMessageContaining("2000, lots");
    }

    @Test
    void recordingPutsTheLogOptionsInAGlobalSectionAfterTheHeaderAndDeletesAnEarlierRunsLogs() throws IOException {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Path stale = Files.writeString(runs.resolve("job_iops.3.log"), "1000, 5, 0, 0, 0\n");
        Path other = Files.writeString(runs.resolve("other_iops.1.log"), "1000, 5, 0, 0, 0\n");
        Path jobFile = Files.writeString(runs.resolve("job.fio"), "; written by mayabench\n; job: x\n[global]\n"
                + "directory=/data\n\n[x]\nrw=read\n");

        assertThat(TimelineLogs.record(jobFile, runs, "job", Duration.ofSeconds(1))).isTrue();

        String prefix = runs.toAbsolutePath().normalize().resolve("job").toString();
        assertThat(Files.readString(jobFile)).startsWith("; written by mayabench\n; job: x\n; mayabench: per-")
                .contains("[global]\nwrite_iops_log=" + prefix + "\nwrite_bw_log=" + prefix + "\nwrite_hist_log="
                        + prefix + "\nlog_avg_msec=1000\nlog_hist_msec=1000\n\n[global]\ndirectory=/data");
        assertThat(stale).doesNotExist();
        assertThat(other).exists();
    }

    @Test
    void binValuesFollowFiosPlatIdxToVal() {
        // stat.c plat_idx_to_val: exact below 128; then group 2 (idx 128..191) has width 2, base 128: 128 + 1.5 * 2
        assertThat(Timeline.binValue(0)).isZero();
        assertThat(Timeline.binValue(127)).isEqualTo(127);
        assertThat(Timeline.binValue(128)).isEqualTo(129);
        assertThat(Timeline.binValue(129)).isEqualTo(131);
        assertThat(Timeline.binValue(192)).isEqualTo(258);
    }
}
