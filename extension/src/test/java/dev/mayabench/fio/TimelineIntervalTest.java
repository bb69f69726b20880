package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which interval a run's logs were written with, read from fio's output, and logs too fine to be cut into it. */
class TimelineIntervalTest {

    @TempDir
    Path dir;

    /** fio's JSON output with only what {@link TimelineLogs#asked} reads: the options fio echoes. */
    private Path output(String globalOptions, String... jobOptions) throws IOException {
        StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < jobOptions.length; i++) {
            jobs.append(i == 0 ? "" : ",").append("{\"jobname\": \"j").append(i).append("\", \"job options\": {")
                    .append(jobOptions[i]).append("}}");
        }
        return Files.writeString(dir.resolve("run.json"), "note: fio wrote this first\n{\"fio version\": \"fio-3.33\", "
                + "\"global options\": {" + globalOptions + "}, \"jobs\": [" + jobs + "]}");
    }

    @Test
    void theIntervalIsTheOneFioWasAskedFor() throws IOException {
        TimelineLogs.Asked asked = TimelineLogs.asked(output("\"write_iops_log\": \"/r/run\", \"log_avg_msec\": "
                + "\"500\", \"log_hist_msec\": \"500\"", "\"rw\": \"randread\"", "\"rw\": \"randwrite\""));

        assertThat(asked.interval()).contains(Duration.ofMillis(500));
    }

    @Test
    void aJobsOwnOptionWinsOverTheGlobalOneAndJobsThatDisagreeGiveNoTimeline() throws IOException {
        TimelineLogs.Asked asked = TimelineLogs.asked(output("\"write_iops_log\": \"/r/run\", \"log_avg_msec\": "
                + "\"1000\", \"log_hist_msec\": \"1000\"", "\"rw\": \"randread\"",
                "\"log_avg_msec\": \"250\", \"log_hist_msec\": \"250\""));

        assertThat(asked.interval()).isEmpty();
        assertThat(asked.whyNot()).contains("logged at different intervals", "1000/1000", "250/250",
                "set @Fio(logInterval) instead");
    }

    @Test
    void iopsAndHistogramLogsAtDifferentIntervalsGiveNoTimeline() throws IOException {
        TimelineLogs.Asked asked = TimelineLogs.asked(output("\"write_iops_log\": \"/r/run\", \"log_avg_msec\": "
                + "\"1000\", \"log_hist_msec\": \"200\"", "\"rw\": \"randread\""));

        assertThat(asked.interval()).isEmpty();
        assertThat(asked.whyNot()).contains("log_avg_msec (1000) and log_hist_msec (200) are not one interval");
    }

    @Test
    void noLogOptionsMeansLoggingWasOff() throws IOException {
        TimelineLogs.Asked asked = TimelineLogs.asked(output("\"ioengine\": \"psync\"", "\"rw\": \"randread\""));

        assertThat(asked.interval()).isEmpty();
        assertThat(asked.whyNot()).contains("the log interval was off", "@Fio(logInterval = \"1s\")");
    }

    @Test
    void twoLinesOfOneJobInOneIntervalAreRefusedRatherThanSummedAsTwoJobs() throws IOException {
        // lines stamped 1000 and 1400 ms both end nearest to 1 s: read at a 1 s interval, logs of a finer one
        TimelineTest.writeJob(dir, "r", 1, new long[][] {{1000, 0, 100, 400}, {1400, 0, 100, 400}}, 10);

        Timeline timeline = Timeline.read(dir, "r", Duration.ofSeconds(1));

        assertThat(timeline.isEmpty()).isTrue();
        assertThat(timeline.whyEmpty()).get().asString().contains("r_iops.1.log has two read lines in the 1.0 s "
                + "interval that starts at 0 ms", "use a longer log interval");
    }
}
