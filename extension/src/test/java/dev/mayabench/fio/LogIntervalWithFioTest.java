package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.assertj.FioAssertions;
import dev.mayabench.config.SourcedValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log interval with real fio: what fio is asked for, and what the timeline makes of it. */
class LogIntervalWithFioTest {

    @TempDir
    Path dir;

    private FioJob twoJobs(String interval) throws IOException {
        Path jobFile = Files.writeString(dir.resolve("reads.fio"), "[reads]\nrw=randread\nbs=4k\nsize=8m\n"
                + "ioengine=psync\nnumjobs=2\ntime_based\nruntime=3\n");
        return FioJob.fromJobFile(jobFile.toString(), "test")
                .withLogInterval(new SourcedValue(interval, "@Fio(logInterval) on test"));
    }

    private FioResult run(FioJob job, String name) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        return FioResult.parse(new FioRunner().run(job, data, dir.resolve("runs"), name).output());
    }

    @Test
    void halfSecondIntervalsAreCutAtHalfSeconds() throws IOException {
        FioResult result = run(twoJobs("500ms"), "half");

        assertThat(Files.readString(dir.resolve("runs/half.fio"))).contains("log_avg_msec=500", "log_hist_msec=500");
        Timeline timeline = result.timeline();
        assertThat(timeline.interval()).isEqualTo(Duration.ofMillis(500));
        List<Timeline.Interval> reads = timeline.read();
        // 3 s of 0.5 s windows: 6, or fewer when fio's last window is partial for one job only or the first came late
        assertThat(reads).hasSizeBetween(4, 6);
        // from 0 s (or 0.5 s, when fio's first line came more than 250 ms late on a loaded machine), every 0.5 s
        assertThat(reads.get(0).start()).isIn(Duration.ZERO, Duration.ofMillis(500));
        for (int i = 0; i < reads.size(); i++) {
            assertThat(reads.get(i).start()).isEqualTo(reads.get(0).start().plusMillis(500L * i));
            assertThat(reads.get(i).length()).isEqualTo(Duration.ofMillis(500));
        }
        // each interval holds about half a second of I/O: per-interval completions add up to roughly the run's
        long completions = reads.stream().mapToLong(Timeline.Interval::completions).sum();
        assertThat((double) completions).isGreaterThan(0.6 * result.read().totalIos())
                .isLessThanOrEqualTo(result.read().totalIos());
    }

    @Test
    void offWritesNoLogsRemovesAnEarlierRunsAndTheAssertionsSayHowToTurnThemOn() throws IOException {
        run(twoJobs("1s"), "same");
        assertThat(logs()).isNotEmpty();

        FioResult result = run(twoJobs("off"), "same");

        assertThat(Files.readString(dir.resolve("runs/same.fio"))).doesNotContain("write_iops_log", "log_avg_msec");
        assertThat(logs()).as("the 1 s run's logs would be read as this run's timeline").isEmpty();
        assertThat(result.timeline().isEmpty()).isTrue();
        assertThat(result.timeline().whyEmpty()).get().asString().contains("the log interval was off");
        assertThatThrownBy(() -> FioAssertions.assertThat(result).timeline().p99()
                .isAtMostEverywhere(Duration.ofMillis(5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the log interval was off")
                .hasMessageContaining("@Fio(logInterval = \"1s\")")
                .hasMessageContaining("-Dmayabench.fio.logInterval=1s");
    }

    private List<String> logs() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("runs"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log") && n.contains("_"))
                    .toList();
        }
    }
}
