package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.test;

import dev.mayabench.fio.FioHistTool;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.Timeline;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.kube.PoolApi;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;

/**
 * Results over time of a run of several pods, through the Jupiter engine against the Mayastor simulator (each
 * fio pod's script a real local process with real fio): 2 pods × 2 jobs of random reads and writes for 4 s. The
 * merged timeline is checked against the interval logs the pods brought back, read here by independent code:
 * per interval, IOPS the sum over both pods' per-job logs; percentiles the way fio's
 * {@code tools/hist/fiologparser_hist.py} computes them from the combined histogram logs of all pods
 * ({@link FioHistTool}), within one bin.
 *
 * <p>fiologparser_hist.py counts its intervals from 0 (output_interval_data: {@code start = 0}), i.e. it expects
 * zero-based stamps; the pods' logs are Unix-stamped, so the check subtracts the run's origin first, which it
 * computes itself: the earliest first stamp of all iops and histogram logs less one interval.
 */
class PodTimelineAgreesWithFioTest {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final List<String> PROPERTIES = List.of("mayabench.kubeconfig", "mayabench.mayastor.poolDisk");
    private static final Map<String, Object> RECEIVED = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    static Path dir;

    static FioResult result;
    static Timeline timeline;
    /** pod → its saved logs of one kind, by kind ("iops", "clat_hist"). */
    static Map<String, Map<String, List<Path>>> logs = new TreeMap<>();
    static long origin;

    @MayastorCluster(name = "kube-pod-timeline", provider = "existing", storageNodes = 3, replicas = 1, volumes = 2)
    static class TwoPodsOfTwoJobs {
        @Test
        @Fio(profile = "randrw-4k", runtime = "4s", rampTime = "0s", size = "8m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 2)
        void mixed(FioResult result) {
            RECEIVED.put("result", result);
        }
    }

    @BeforeAll
    static void runTwoPodsOfTwoJobs() throws Exception {
        try (MayastorSimulator simulator = MayastorSimulator.builder().storageNodes("storage-1", "storage-2",
                        "storage-3").clientNodes("worker-1").mayastorInstalled("2.9.1").poolApi(PoolApi.V1BETA2)
                .workDirectory(dir.resolve("cluster")).start()) {
            System.setProperty("mayabench.kubeconfig", simulator.kubeconfig(dir.resolve("kubeconfig")).toString());
            System.setProperty("mayabench.mayastor.poolDisk", "storage-1=/dev/disk/by-id/nvme-disk-1,"
                    + "storage-2=/dev/disk/by-id/nvme-disk-2,storage-3=/dev/disk/by-id/nvme-disk-3");
            Events events = KubernetesPipelineTest.run(TwoPodsOfTwoJobs.class);
            events.assertThatEvents().haveExactly(1, event(test("mixed"), finishedSuccessfully()));
        }
        result = (FioResult) RECEIVED.get("result");
        timeline = result.timeline();
        Path runDirectory = result.savedAt().orElseThrow().getParent();
        for (String pod : result.pods().keySet()) {
            Map<String, List<Path>> kinds = new TreeMap<>();
            for (String kind : List.of("iops", "clat_hist")) {
                Pattern name = Pattern.compile("mixed-" + Pattern.quote(pod) + "_" + kind + "\\.\\d+\\.log");
                try (Stream<Path> files = Files.list(runDirectory)) {
                    kinds.put(kind, files.filter(f -> name.matcher(f.getFileName().toString()).matches()).sorted()
                            .toList());
                }
            }
            logs.put(pod, kinds);
        }
        long first = Long.MAX_VALUE;
        for (Map<String, List<Path>> kinds : logs.values()) {
            for (Path file : kinds.values().stream().flatMap(List::stream).toList()) {
                first = Math.min(first, Long.parseLong(Files.readAllLines(file).get(0).split(",")[0].strip()));
            }
        }
        origin = first - 1000;
    }

    @AfterAll
    static void forget() {
        PROPERTIES.forEach(System::clearProperty);
        RECEIVED.clear();
    }

    @Test
    void everyPodBringsBackOneLogOfEachKindPerJobStampedWithUnixTime() throws IOException {
        assertThat(result.pods()).hasSize(2);
        assertThat(logs).hasSize(2).allSatisfy((pod, kinds) -> {
            assertThat(kinds.get("iops")).as("iops logs of %s", pod).hasSize(2);
            assertThat(kinds.get("clat_hist")).as("histogram logs of %s", pod).hasSize(2);
        });
        // Unix milliseconds of today, not milliseconds from the job's start
        assertThat(origin).isGreaterThan(System.currentTimeMillis() - Duration.ofHours(1).toMillis());
        assertThat(timeline.read()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(timeline.write()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(timeline.read().get(0).start()).isEqualTo(Duration.ZERO);
    }

    @Test
    void iopsOfAnIntervalAreTheSumOverThePodsPerJobLogs() throws IOException {
        for (int ddir = 0; ddir <= 1; ddir++) {
            // end of the window (whole seconds from the origin) -> sum over all jobs of all pods; which jobs logged
            Map<Long, Long> expected = new TreeMap<>();
            Map<Long, Set<Path>> loggedBy = new TreeMap<>();
            Set<Path> jobs = new HashSet<>();
            for (Map<String, List<Path>> kinds : logs.values()) {
                for (Path file : kinds.get("iops")) {
                    for (String line : Files.readAllLines(file)) {
                        String[] cells = line.split(",\\s*");
                        if (Integer.parseInt(cells[2].strip()) != ddir) {
                            continue;
                        }
                        jobs.add(file);
                        // fiologparser_hist.py's rule: a line belongs to the second in which its window ended
                        long end = Math.floorDiv(Long.parseLong(cells[0].strip()) - origin + 10, 1000);
                        expected.merge(end, Long.parseLong(cells[1].strip()), Long::sum);
                        loggedBy.computeIfAbsent(end, e -> new HashSet<>()).add(file);
                    }
                }
            }
            assertThat(jobs).as("jobs that logged direction %d", ddir).hasSize(4);
            // a window not every job of every pod logged is no interval of the merged timeline
            loggedBy.forEach((end, files) -> {
                if (!files.containsAll(jobs)) {
                    expected.remove(end);
                }
            });
            Map<Long, Long> actual = new TreeMap<>();
            for (Timeline.Interval i : ddir == 0 ? timeline.read() : timeline.write()) {
                actual.put(i.start().plus(i.length()).toSeconds(), Math.round(i.iops()));
            }
            assertThat(actual).as("IOPS of direction %d per interval", ddir).isEqualTo(expected);
            assertThat(expected).hasSizeGreaterThanOrEqualTo(2);
            assertThat(expected.values()).allMatch(v -> v > 0);
        }
    }

    @Test
    void mergedPercentilesAgreeWithFiosHistToolOverTheCombinedLogsOfAllPodsWithinOneBin() throws IOException {
        List<Path> histograms = new ArrayList<>();
        logs.values().forEach(kinds -> histograms.addAll(kinds.get("clat_hist")));
        assertThat(histograms).hasSize(4);
        for (int ddir = 0; ddir <= 1; ddir++) {
            Map<Long, double[]> byScriptInterval = FioHistTool.intervals(histograms, ddir, origin);
            Map<Duration, Timeline.Interval> byStart = new TreeMap<>();
            (ddir == 0 ? timeline.read() : timeline.write()).forEach(i -> byStart.put(i.start(), i));
            int compared = 0;
            for (Map.Entry<Long, double[]> e : byScriptInterval.entrySet()) {
                // the script labels an interval by its end, one interval after the window the lines measured
                Duration start = Duration.ofMillis(e.getKey() - 2000);
                Timeline.Interval mine = byStart.get(start);
                if (mine == null) {
                    continue; // a window not every job logged
                }
                compared++;
                double total = java.util.Arrays.stream(e.getValue()).sum();
                assertThat((double) mine.completions()).as("completions at %s", start).isEqualTo(total);
                for (double p : PERCENTILES) {
                    double script = FioHistTool.weightedPercentile(p, e.getValue());
                    long ours = mine.percentile(p).orElseThrow().toNanos();
                    assertThat((double) ours)
                            .as("p%s of direction %d at %s: ours %d ns, fio's hist tool %.1f ns", p, ddir, start,
                                    ours, script)
                            .isCloseTo(script, org.assertj.core.data.Offset.offset(FioHistTool.oneBinAround(ours)));
                }
            }
            // fio's hist tool drops an interval without completions; the timeline keeps it as 0 IOPS (a stall, which
            // the other fork's load can cause here), and it has no percentiles to compare
            long withIo = byStart.values().stream().filter(i -> i.completions() > 0).count();
            assertThat(compared).as("intervals compared for direction %d", ddir).isEqualTo(withIo)
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void eachPodsTimelineIsOnTheRunsTimeAxisAndTheyAddUpToTheMergedOne() {
        Map<String, FioResult> pods = result.pods();
        for (Timeline.Interval merged : timeline.read()) {
            double sum = 0;
            long completions = 0;
            for (FioResult pod : pods.values()) {
                Timeline.Interval own = pod.timeline().read().stream().filter(i -> i.start().equals(merged.start()))
                        .findFirst().orElseThrow(() -> new AssertionError("a pod has no interval at "
                                + merged.start() + ": " + pod.timeline().read()));
                sum += own.iops();
                completions += own.completions();
            }
            assertThat(sum).as("IOPS at %s", merged.start()).isEqualTo(merged.iops());
            assertThat(completions).as("completions at %s", merged.start()).isEqualTo(merged.completions());
        }
    }

    @Test
    void theReportChartsIopsAndP99OverTimeForEachPodAndTheTotal() throws IOException {
        Path runDirectory = result.savedAt().orElseThrow().getParent();
        for (String chart : List.of("mixed-iops-over-time.svg", "mixed-p99-over-time.svg")) {
            String svg = Files.readString(runDirectory.resolve(chart));
            assertThat(svg).as(chart).contains("read (all pods)").contains("write (all pods)");
            for (String pod : result.pods().keySet()) {
                assertThat(svg).as(chart).contains("read @ " + pod).contains("write @ " + pod);
            }
        }
    }
}
