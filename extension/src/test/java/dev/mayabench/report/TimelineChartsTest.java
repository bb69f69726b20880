package dev.mayabench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.FioRun;
import dev.mayabench.fio.FioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IOPS and p99 over time, drawn from the timeline of a real 3 s fio run. */
class TimelineChartsTest {

    @TempDir
    Path dir;

    @Test
    void aRunOfSeveralSecondsGetsIopsAndP99OverTimeCharts() throws Exception {
        FioJob job = FioJob.profile("randrw-4k").withOverrides(Map.of(
                "ioengine", new SourcedValue("psync", "test"), "runtime", new SourcedValue("3s", "test"),
                "size", new SourcedValue("8m", "test"), "numjobs", new SourcedValue("2", "test"),
                "iodepth", new SourcedValue("1", "test")));
        FioRun run = new FioRunner().run(job, dir.resolve("data"), dir.resolve("runs"), "mixed");
        FioResult result = FioResult.parse(run.output());

        List<Path> files = FioCharts.write(result, dir.resolve("charts"), "mixed");

        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("mixed-iops-over-time.svg", "mixed-iops-over-time.png", "mixed-p99-over-time.svg",
                        "mixed-p99-over-time.png");
        assertThat(Files.readString(dir.resolve("charts/mixed-iops-over-time.svg")))
                .contains("<title>IOPS over time").contains("read; write");

        // the same output without its logs beside it: no timeline, so no over-time charts
        Path stored = Files.copy(run.output(), Files.createDirectories(dir.resolve("stored")).resolve("mixed.json"));
        assertThat(FioCharts.overTime(FioResult.parse(stored))).isEmpty();
    }
}
