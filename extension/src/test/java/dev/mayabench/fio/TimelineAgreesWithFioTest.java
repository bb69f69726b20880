package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real fio run through {@link FioRunner} (2 jobs, 3 s, reads and writes) and its {@link Timeline}, checked
 * against the interval logs fio wrote, read here by independent code: the histogram percentiles the way fio's own
 * {@code tools/hist/fiologparser_hist.py} computes them (axboe/fio, {@code --noweight} mode: bins of all files
 * added per interval, bin midpoints from {@code _plat_idx_to_val(idx, edge=0.5)}, {@code weighted_percentile} with
 * linear interpolation over the cumulative distribution), which must agree within one bin.
 */
class TimelineAgreesWithFioTest {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    @TempDir
    static Path dir;

    static FioRun run;
    static FioResult result;
    static Timeline timeline;

    @BeforeAll
    static void runTwoJobsForThreeSeconds() throws IOException {
        Path jobFile = Files.writeString(dir.resolve("mixed-job.fio"), "[mixed]\nrw=randrw\nbs=4k\nsize=8m\n"
                + "ioengine=psync\nnumjobs=2\ntime_based\nruntime=3\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        run = new FioRunner().run(FioJob.fromJobFile(jobFile.toString(), "test"), data, dir.resolve("runs"), "mixed");
        result = FioResult.parse(run.output());
        timeline = result.timeline();
    }

    @Test
    void everyLocalRunRecordsOneLogOfEachKindPerJob() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("runs"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .contains("mixed_iops.1.log", "mixed_iops.2.log", "mixed_bw.1.log", "mixed_bw.2.log",
                            "mixed_clat_hist.1.log", "mixed_clat_hist.2.log");
        }
        assertThat(timeline.read()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(timeline.write()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(timeline.read().get(0).start()).isEqualTo(Duration.ZERO);
        assertThat(timeline.read().get(1).start()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void iopsAndBandwidthOfAnIntervalAreTheSumOfThePerJobLogs() throws IOException {
        for (String[] kind : new String[][] {{"iops", "read"}, {"iops", "write"}, {"bw", "read"}, {"bw", "write"}}) {
            int ddir = kind[1].equals("read") ? 0 : 1;
            // second of the window's end -> sum of the value column over both jobs' files
            Map<Long, Long> expected = new TreeMap<>();
            Map<Long, Integer> jobsLogged = new TreeMap<>();
            for (int job = 1; job <= 2; job++) {
                for (String line : Files.readAllLines(dir.resolve("runs/mixed_" + kind[0] + "." + job + ".log"))) {
                    String[] cells = line.split(",\\s*");
                    if (Integer.parseInt(cells[2].strip()) == ddir) {
                        long endSecond = Math.round(Long.parseLong(cells[0].strip()) / 1000.0);
                        expected.merge(endSecond, Long.parseLong(cells[1].strip()), Long::sum);
                        jobsLogged.merge(endSecond, 1, Integer::sum);
                    }
                }
            }
            // a window only one of the jobs logged (fio's partial last one) is no interval of the timeline
            jobsLogged.forEach((second, jobs) -> {
                if (jobs < 2) {
                    expected.remove(second);
                }
            });
            List<Timeline.Interval> intervals = ddir == 0 ? timeline.read() : timeline.write();
            Map<Long, Long> actual = new TreeMap<>();
            for (Timeline.Interval i : intervals) {
                actual.put(i.start().plus(i.length()).toSeconds(),
                        Math.round(kind[0].equals("iops") ? i.iops() : i.kibPerSecond()));
            }
            assertThat(actual).as("%s %s per interval", kind[1], kind[0]).isEqualTo(expected);
            assertThat(expected.values()).as("the logs hold real figures").anyMatch(v -> v > 0);
        }
    }

    @Test
    void mergedPercentilesAgreeWithFiosHistToolWithinOneBin() throws IOException {
        for (int ddir = 0; ddir <= 1; ddir++) {
            Map<Long, double[]> byScriptInterval = FioHistTool.intervals(List.of(dir.resolve("runs/mixed_clat_hist.1.log"),
                    dir.resolve("runs/mixed_clat_hist.2.log")), ddir, 0);
            List<Timeline.Interval> intervals = ddir == 0 ? timeline.read() : timeline.write();
            Map<Duration, Timeline.Interval> byStart = new TreeMap<>();
            intervals.forEach(i -> byStart.put(i.start(), i));
            assertThat(byScriptInterval).isNotEmpty();
            int compared = 0;
            for (Map.Entry<Long, double[]> e : byScriptInterval.entrySet()) {
                // the script labels an interval by its end, one interval after the window the lines measured
                // (a line stamped 1000 ms goes to [1000, 2000)); that window starts at end - 2 intervals
                Duration start = Duration.ofMillis(e.getKey() - 2000);
                Timeline.Interval mine = byStart.get(start);
                if (mine == null) {
                    continue; // the partial last window, which not every job logged
                }
                compared++;
                double total = 0;
                for (double c : e.getValue()) {
                    total += c;
                }
                assertThat((double) mine.completions()).isEqualTo(total);
                for (double p : PERCENTILES) {
                    double script = FioHistTool.weightedPercentile(p, e.getValue());
                    long ours = mine.percentile(p).orElseThrow().toNanos();
                    double oneBin = FioHistTool.oneBinAround(ours);
                    assertThat((double) ours)
                            .as("p%s of direction %d at %s: ours %d ns, fio's hist tool %.1f ns", p, ddir, start,
                                    ours, script)
                            .isCloseTo(script, org.assertj.core.data.Offset.offset(oneBin));
                }
            }
            // every interval with latencies was compared; one without (fio's partial last window: an iops line of
            // every job at exit, but no histogram line, which fio writes only at a completion a whole window after
            // the last one) has IOPS only, and the script, which reads histogram logs alone, has no interval there
            List<Timeline.Interval> withLatencies = intervals.stream().filter(i -> i.completions() > 0).toList();
            assertThat(compared).as("intervals compared for direction %d of %s", ddir, intervals)
                    .isEqualTo(withLatencies.size()).isGreaterThanOrEqualTo(2);
            assertThat(intervals.size() - withLatencies.size()).as("intervals without latencies in %s", intervals)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void binValuesAreTheLatenciesFioReportsInJsonPlus() throws IOException {
        Set<Long> binValues = new HashSet<>();
        for (int i = 0; i < 1856; i++) {
            binValues.add(Timeline.binValue(i));
        }
        JsonNode json = RealFio.json(run.output());
        List<Long> reported = new ArrayList<>();
        for (JsonNode job : json.get("jobs")) {
            job.get("read").get("clat_ns").get("bins").fieldNames().forEachRemaining(k -> reported.add(Long.valueOf(k)));
        }
        assertThat(reported).isNotEmpty();
        assertThat(binValues).containsAll(reported);
    }

    @Test
    void aResultWithoutLogsHasAnEmptyTimeline() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("stored"));
        Path copy = Files.copy(run.output(), elsewhere.resolve("mixed.json"));
        assertThat(FioResult.parse(copy).timeline().isEmpty()).isTrue();
        assertThat(FioResult.parse(Files.readString(run.output())).timeline().isEmpty()).isTrue();
    }
}
