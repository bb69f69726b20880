package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.FioRun;
import dev.mayabench.fio.FioRunner;
import dev.mayabench.fio.LatencySearch;
import dev.mayabench.fio.LatencyTarget;
import dev.mayabench.fio.SweepPoint;
import dev.mayabench.fio.SweepResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A {@code @FioSweep} test in the forms CI systems read: every point is a row of the suite's summary (its
 * parameters in {@code point}, its figures, the sweep test's outcome as verdict) and a set of report entries; fio's
 * latency-target search is in both. Real fio on the local provider, tiny runs.
 */
class SweepSummaryTest {

    static final Map<String, SweepResult> SWEEPS = new ConcurrentHashMap<>();
    /** How a CI reader splits a sweep point's figure entry: point, direction (or cpu), figure. */
    static final Pattern SWEEP_ENTRY = Pattern.compile(
            "^mayabench\\.sweep\\.(.+)\\.(read|write|cpu)\\.([a-z0-9_]+)$");

    @TempDir
    Path results;

    @BeforeEach
    void resultsIntoTemporaryDirectory() {
        SWEEPS.clear();
        System.setProperty("mayabench.results.dir", results.toString());
    }

    @AfterEach
    void forget() {
        System.clearProperty("mayabench.results.dir");
    }

    @MayastorCluster(name = "sweep-summary")
    static class DepthSweep {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "0s", size = "8m", numjobs = 1)
        @FioSweep(iodepth = {1, 4})
        void depths(SweepResult sweep) {
            SWEEPS.put("depths", sweep);
        }
    }

    @MayastorCluster(name = "sweep-summary")
    static class SweepWhoseAssertionFails {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "0s", size = "8m", numjobs = 1)
        @FioSweep(iodepth = {1, 2})
        void tooMuchAsked(SweepResult sweep) {
            SWEEPS.put("failing", sweep);
            assertThat(sweep.points().get(0).iops()).as("an impossible figure").isGreaterThan(1e12);
        }
    }

    @Test
    void everySweepPointIsOneSummaryRowWithItsParametersItsFiguresAndTheSweepsOutcome() throws IOException {
        Instant before = Instant.now();
        run(DepthSweep.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        SweepResult sweep = SWEEPS.get("depths");

        List<Map<String, String>> csv = SuiteSummaryTest.readCsv(results.resolve(SuiteSummary.CSV));
        List<Map<String, Object>> json = SuiteSummaryTest.readJsonLines(results.resolve(SuiteSummary.JSON_LINES));
        // one job, reads only: one row per point when it was measured, then again with the sweep test's outcome
        assertThat(csv).extracting(r -> r.get("point") + " " + r.get("job") + " " + r.get("clone") + " "
                        + r.get("direction") + " " + r.get("verdict"))
                .containsExactly("iodepth=1 randread-4k 1 read pending", "iodepth=4 randread-4k 1 read pending",
                        "iodepth=1 randread-4k 1 read passed", "iodepth=4 randread-4k 1 read passed");
        assertThat(json).extracting(r -> r.get("point")).containsExactly("iodepth=1", "iodepth=4", "iodepth=1",
                "iodepth=4");
        for (int i = 0; i < csv.size(); i++) {
            Map<String, String> row = csv.get(i);
            SweepPoint point = sweep.points().get(i % 2);
            SuiteSummaryTest.assertFigures(row, point.result().read());
            assertThat(Double.parseDouble(row.get("cpu_usr_pct"))).isEqualTo(point.result().jobs().get(0).cpu()
                    .user());
            assertThat(row.get("test")).isEqualTo(DepthSweep.class.getName() + "#depths");
            assertThat(row.get("provider")).isEqualTo("local");
            assertThat(row.get("cluster")).isEqualTo("sweep-summary");
            assertThat(row.get("thresholds_passed")).isEqualTo("0");
            assertThat(row.get("thresholds_failed")).isEqualTo("0");
            assertThat(row.get("latency_depth")).isEmpty();
            assertThat(Instant.parse(row.get("timestamp"))).isBetween(before.minusMillis(1), Instant.now());
        }
        // the second point's pending row was written after the first point ran, before the sweep ended
        assertThat(Instant.parse(csv.get(1).get("timestamp"))).isAfter(Instant.parse(csv.get(0).get("timestamp")));
    }

    @Test
    void aSweepWhoseBodyFailsHasEveryPointConcludedFailed() throws IOException {
        run(SweepWhoseAssertionFails.class).testEvents().assertStatistics(s -> s.started(1).failed(1));

        List<Map<String, String>> csv = SuiteSummaryTest.readCsv(results.resolve(SuiteSummary.CSV));
        assertThat(csv).extracting(r -> r.get("point") + " " + r.get("verdict"))
                .containsExactly("iodepth=1 pending", "iodepth=2 pending", "iodepth=1 failed", "iodepth=2 failed");
    }

    @Test
    void everySweepPointPublishesItsFiguresAsReportEntriesACiReaderCanSplit() {
        EngineExecutionResults run = run(DepthSweep.class);
        run.testEvents().assertStatistics(s -> s.succeeded(1));
        SweepResult sweep = SWEEPS.get("depths");
        Map<String, String> entries = entries(run);

        // point -> direction -> figure, parsed back from the keys alone
        Map<String, Map<String, String>> parsed = new LinkedHashMap<>();
        entries.forEach((key, value) -> {
            Matcher m = SWEEP_ENTRY.matcher(key);
            assertThat(m.matches()).as("entry %s splits", key).isTrue();
            parsed.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(m.group(2) + "." + m.group(3), value);
        });
        assertThat(parsed).containsOnlyKeys("iodepth=1", "iodepth=4");
        for (SweepPoint point : sweep.points()) {
            Map<String, String> figures = parsed.get("iodepth=" + point.parameters().get("iodepth"));
            assertThat(figures).containsOnlyKeys("read.iops", "read.bw_mib_s", "read.lat_mean_us",
                    "read.lat_p50_us", "read.lat_p99_us", "read.lat_p99_9_us", "cpu.usr_pct", "cpu.sys_pct");
            assertThat(Double.parseDouble(figures.get("read.iops"))).isCloseTo(point.result().read().iops(),
                    within(5e-4));
            assertThat(Double.parseDouble(figures.get("read.lat_p99_us"))).isCloseTo(
                    point.result().read().latencyPercentile(99.0).toNanos() / 1000.0, within(5e-4));
        }
    }

    @MayastorCluster(name = "sweep-summary")
    static class JobCountSweep {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "0s", size = "8m", iodepth = 1)
        @FioSweep(numjobs = {1, 2})
        void jobCounts(SweepResult sweep) {
            SWEEPS.put("jobs", sweep);
        }
    }

    @Test
    void atAPointWithTwoClonesOfTheJobEachCloneIsARowOfItsOwn() throws IOException {
        run(JobCountSweep.class).testEvents().assertStatistics(s -> s.succeeded(1));
        SweepPoint two = SWEEPS.get("jobs").points().get(1);
        assertThat(two.result().jobs()).extracting(j -> j.name()).containsExactly("randread-4k", "randread-4k");

        List<Map<String, String>> concluded = SuiteSummaryTest.readCsv(results.resolve(SuiteSummary.CSV)).stream()
                .filter(r -> r.get("verdict").equals("passed")).toList();
        // fio reports the two clones under one name (no group_reporting); point, job and clone tell every row apart
        assertThat(concluded).extracting(r -> r.get("point") + " " + r.get("job") + " " + r.get("clone") + " "
                        + r.get("direction")).doesNotHaveDuplicates()
                .containsExactly("numjobs=1 randread-4k 1 read", "numjobs=2 randread-4k 1 read",
                        "numjobs=2 randread-4k 2 read", "numjobs=2 all jobs  read");
        // each clone's row has that clone's own figures, in fio's order
        SuiteSummaryTest.assertFigures(concluded.get(1), two.result().jobs().get(0).read());
        SuiteSummaryTest.assertFigures(concluded.get(2), two.result().jobs().get(1).read());
        SuiteSummaryTest.assertFigures(concluded.get(3), two.result().read());
    }

    @MayastorCluster(name = "sweep-summary")
    static class LatencyTargetSearch {
        @Test
        @Fio(profile = "randread-4k", runtime = "6s", rampTime = "0s", size = "8m", numjobs = 1, iodepth = 2)
        @FioSweep(latencyTarget = "1s", latencyWindow = "200ms")
        void search(SweepResult sweep) {
            SWEEPS.put("search", sweep);
        }
    }

    @Test
    void whatFiosLatencyTargetSearchFoundIsInTheJobsRowAndInAReportEntry() throws IOException {
        EngineExecutionResults run = run(LatencyTargetSearch.class);
        run.testEvents().assertStatistics(s -> s.succeeded(1));
        LatencySearch search = SWEEPS.get("search").points().get(0).latencySearches().get(0);
        // a 1 s target is met at every depth: fio climbs to the job's iodepth and settles there
        assertThat(search.depth()).isEqualTo(2);
        assertThat(search.settled()).isTrue();

        List<Map<String, String>> csv = SuiteSummaryTest.readCsv(results.resolve(SuiteSummary.CSV));
        assertThat(csv).extracting(r -> r.get("point") + " " + r.get("latency_depth") + " "
                + r.get("latency_settled") + " " + r.get("verdict")).containsExactly(
                "latency_target=1s 2 true pending", "latency_target=1s 2 true passed");
        assertThat(entries(run)).containsEntry("mayabench.sweep.latency_target=1s.latency_depth.randread-4k", "2")
                .containsEntry("mayabench.sweep.latency_target=1s.latency_settled.randread-4k", "true")
                .containsKey("mayabench.sweep.latency_target=1s.read.iops");
    }

    /**
     * Two pods' fio runs merged as a Kubernetes run merges them (each pod's output parsed and marked with the pod,
     * PodWorkload): each pod's search is read from its own output, and each lands on that pod's row. Real fio: an
     * easy target settles at the job's depth, an impossible one stays at depth 1, so the two pods differ.
     */
    @Test
    void eachPodsLatencySearchIsReadFromItsOwnOutputAndLandsOnItsOwnRow() {
        // the same runtime for both, as all pods of a run have: the search that ends before it settled
        // (below 100% an impossible target does not end the job: fio keeps trying at depth 1, io_u.c
        // lat_target_failed; so it is the one left unsettled when the runtime runs out)
        FioJob easy = searching("1s", 99.0, "3s");
        FioJob impossible = searching("1us", 50.0, "3s");
        FioRunner fio = new FioRunner();
        FioRun a = fio.run(easy, results.resolve("data-a"), results.resolve("runs"), "pod-a");
        FioRun b = fio.run(impossible, results.resolve("data-b"), results.resolve("runs"), "pod-b");
        FioResult merged = FioResult.merge(List.of(FioResult.parse(a.output()).ranOn("fio-0"),
                FioResult.parse(b.output()).ranOn("fio-1")));

        List<LatencySearch> searches = LatencySearch.read(merged, easy.expectedDuration());

        // the merged result's own output is the first pod's: reading it alone (what a sweep did before) misses fio-1
        assertThat(LatencySearch.read(merged.savedAt().orElseThrow(), easy.expectedDuration())).hasSize(1);

        assertThat(searches).extracting(s -> s.pod().orElseThrow() + " " + s.depth() + " " + s.settled())
                .containsExactly("fio-0 2 true", "fio-1 1 false");
        List<SuiteSummary.Row> rows = SuiteSummary.rows("t", merged, RunVerdict.of(List.of(), easy, merged),
                "existing", "c", Instant.now(), "latency_target=1s", searches);
        assertThat(rows).extracting(r -> r.job() + " | " + r.pod() + " | " + r.cloneNumber() + " | "
                + r.latencyDepth() + " | " + r.latencySettled()).containsExactly(
                "randread-4k @ fio-0 | fio-0 | 1 | 2 | true", "randread-4k @ fio-1 | fio-1 | 1 | 1 | false",
                "all jobs | null | null | null | null");
    }

    /** A 8 MiB libaio job that searches the depth, up to 2, that keeps {@code percentile} within {@code target}. */
    static FioJob searching(String target, double percentile, String runtime) {
        Map<String, SourcedValue> overrides = Map.of("size", v("8m"), "numjobs", v("1"), "iodepth", v("2"),
                "runtime", v(runtime), "rampTime", v("0s"));
        return FioJob.profile("randread-4k").withOverrides(overrides).withLatencyTarget(LatencyTarget.parse(
                v(target), percentile, v("200ms"), "on test"), "on test");
    }

    static SourcedValue v(String value) {
        return new SourcedValue(value, "test");
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    /** The mayabench.sweep.* report entries of a run, all pairs together. */
    static Map<String, String> entries(EngineExecutionResults run) {
        Map<String, String> entries = new LinkedHashMap<>();
        run.allEvents().reportingEntryPublished().stream().map(Event::getPayload).flatMap(java.util.Optional::stream)
                .map(p -> ((ReportEntry) p).getKeyValuePairs()).forEach(pairs -> pairs.forEach((k, v) -> {
                    if (k.startsWith("mayabench.sweep.")) {
                        entries.put(k, v);
                    }
                }));
        return entries;
    }
}
