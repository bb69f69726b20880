package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pods-not-overlapping} guardrail, from the interval logs of real fio processes standing in for pods:
 * each runs the job a pod runs (the pod's log options: Unix-stamped iops, bandwidth and histogram logs), its JSON
 * output and logs saved side by side as the workload stage keeps a pod's ({@code <stem>.json},
 * {@code <stem>_iops.<n>.log}, ...), then parsed, marked with the pod's name and merged as the extension does.
 */
class PodOverlapTest {

    private static final FioJob JOB = FioJob.profile("randread-4k");

    @TempDir
    Path dir;

    @Test
    void aPodThatStartedThreeSecondsLateIsAFindingNamingThePodsAndTheirWindows() throws Exception {
        FioResult merged = runPods(Map.of("pod-a", 0L, "pod-b", 3000L), 4);

        List<Guardrails.Finding> findings = Guardrails.check(JOB, merged, false);

        assertThat(findings).filteredOn(f -> f.id().equals("pods-not-overlapping")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("measured together for only")
                        .containsPattern("pod-a 0\\.0-[2-4]\\.\\d s").containsPattern("pod-b [2-4]\\.\\d-[5-7]\\.\\d s")
                        .contains("check time sync on the nodes"));
        // the merged timeline has no second only one pod measured; each pod's own is on the run's time axis
        Timeline a = merged.pods().get("pod-a").timeline();
        Timeline b = merged.pods().get("pod-b").timeline();
        assertThat(a.read()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(b.read()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(a.read().get(0).start()).isEqualTo(Duration.ZERO);
        assertThat(b.read().get(0).start()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        List<Duration> both = new ArrayList<>(a.read().stream().map(Timeline.Interval::start).toList());
        both.retainAll(b.read().stream().map(Timeline.Interval::start).toList());
        assertThat(merged.timeline().read()).extracting(Timeline.Interval::start).isEqualTo(both);
    }

    /**
     * Pods that started together: the jobs of one fio process, which fio starts within milliseconds of each other,
     * each job writing its logs under its pod's name. Two fio processes started at once are no such control here:
     * on a busy 2-core machine one of them took 1.1 s longer to start than the other, which the guardrail rightly
     * reported. Only the logs make the timeline and the guardrail, so both pods' outputs are the one JSON.
     */
    @Test
    void podsStartedTogetherAreNoFindingAndTheirTimelinesAddUp() throws Exception {
        StringBuilder job = new StringBuilder("[global]\nrw=randread\nbs=4k\nsize=4m\nioengine=psync\n"
                + "rate_iops=400\ntime_based\nruntime=4\nlog_avg_msec=1000\nlog_hist_msec=1000\nlog_unix_epoch=1\n");
        for (String pod : List.of("pod-a", "pod-b")) {
            String prefix = dir.resolve(pod).toString();
            job.append("[").append(pod).append("]\nnumjobs=2\nfilename=").append(dir.resolve(pod + ".data"))
                    .append("\nwrite_iops_log=").append(prefix).append("\nwrite_bw_log=").append(prefix)
                    .append("\nwrite_hist_log=").append(prefix).append("\n");
        }
        Path jobFile = Files.writeString(dir.resolve("together.fio"), job.toString());
        Process fio = new ProcessBuilder("fio", "--output-format=json+", "--output=" + dir.resolve("together.json"),
                jobFile.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("together.out").toFile())
                .start();
        assertThat(fio.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(fio.exitValue()).as(readQuietly(dir.resolve("together.out"))).isZero();
        List<FioResult> parts = new ArrayList<>();
        for (String pod : List.of("pod-a", "pod-b")) {
            Path json = Files.copy(dir.resolve("together.json"), dir.resolve(pod + ".json"));
            parts.add(FioResult.parse(json).ranOn(pod));
        }
        FioResult merged = FioResult.merge(parts);

        assertThat(Guardrails.check(JOB, merged, false)).noneMatch(f -> f.id().equals("pods-not-overlapping"));
        Timeline a = merged.pods().get("pod-a").timeline();
        Timeline b = merged.pods().get("pod-b").timeline();
        assertThat(merged.timeline().read()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(i -> assertThat(i.iops())
                .isEqualTo(at(a, i.start()).iops() + at(b, i.start()).iops()));
    }

    private static Timeline.Interval at(Timeline timeline, Duration start) {
        return timeline.read().stream().filter(i -> i.start().equals(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no interval at " + start + " in " + timeline.read()));
    }

    @Test
    void aPodWithoutLogsLeavesTheRunWithoutATimelineRatherThanATotalWithoutIt() throws Exception {
        FioResult merged = runPods(Map.of("pod-a", 0L, "pod-b", 0L), 2);
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("pod-b_")).toList()) {
                Files.delete(log);
            }
        }

        assertThat(merged.timeline().isEmpty()).isTrue();
        assertThat(Guardrails.check(JOB, merged, false)).noneMatch(f -> f.id().equals("pods-not-overlapping"));
    }

    @Test
    void theShareOfTheRunAllPodsMeasuredDecidesNotOneSkewBelowAnInterval() {
        var late = PodTimelines.Overlap.of(Map.of("a", new IntervalLogs.Window(0, 10_000, true),
                "b", new IntervalLogs.Window(3_000, 13_000, true)));
        assertThat(late.common()).isEqualTo(7_000);
        assertThat(late.span()).isEqualTo(13_000);
        assertThat(late.fraction()).isCloseTo(7.0 / 13, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(late.describe()).contains("54% of the run (7.0 s of 13.0 s").contains("a 0.0-10.0 s")
                .contains("b 3.0-13.0 s");
        var apart = PodTimelines.Overlap.of(Map.of("a", new IntervalLogs.Window(0, 2_000, true),
                "b", new IntervalLogs.Window(5_000, 7_000, true)));
        assertThat(apart.common()).isZero();
        assertThat(apart.fraction()).isZero();
    }

    /**
     * Runs one fio process per pod, each after its delay (ms), all {@code seconds} long, and returns their results
     * merged as the extension merges pods.
     */
    private FioResult runPods(Map<String, Long> delays, int seconds) throws Exception {
        Map<String, Process> running = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (Map.Entry<String, Long> pod : new java.util.TreeMap<>(delays).entrySet()) {
            long wait = pod.getValue() - (System.nanoTime() - t0) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
            }
            String stem = pod.getKey();
            // rate-limited: a guardrail test, not a benchmark; two of them share the machine's CPUs with others
            String job = "[" + stem + "]\nrw=randread\nbs=4k\nsize=4m\nioengine=psync\nrate_iops=400\nnumjobs=2\n"
                    + "time_based\nruntime=" + seconds + "\nfilename=" + dir.resolve(stem + ".data") + "\n";
            Path jobFile = Files.writeString(dir.resolve(stem + ".fio"),
                    PodTimelines.withLogOptions(job, dir.resolve(stem).toString(), TimelineLogs.DEFAULT_INTERVAL));
            running.put(stem, new ProcessBuilder("fio", "--output-format=json+", "--output="
                    + dir.resolve(stem + ".json"), jobFile.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(stem + ".out").toFile()).start());
        }
        List<FioResult> parts = new ArrayList<>();
        for (Map.Entry<String, Process> pod : running.entrySet()) {
            assertThat(pod.getValue().waitFor(60, TimeUnit.SECONDS)).as("fio of %s ended", pod.getKey()).isTrue();
            assertThat(pod.getValue().exitValue()).as("fio of %s: %s", pod.getKey(),
                    readQuietly(dir.resolve(pod.getKey() + ".out"))).isZero();
            parts.add(FioResult.parse(dir.resolve(pod.getKey() + ".json")).ranOn(pod.getKey()));
        }
        return FioResult.merge(parts);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
