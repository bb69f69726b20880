package dev.mayabench.junit;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioFailedException;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.LatencySearch;
import dev.mayabench.fio.LatencyTarget;
import dev.mayabench.fio.SweepPlan;
import dev.mayabench.fio.SweepPoint;
import dev.mayabench.fio.SweepResult;
import dev.mayabench.internal.log.MayabenchLog;
import dev.mayabench.report.AllureReporter;
import dev.mayabench.report.FioReport;
import dev.mayabench.report.SweepChart;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;

/**
 * Runs a {@link FioSweep}: checks the whole sweep first (so a bad value costs no fio run), then runs the
 * {@link Fio} job once per point, each an Allure step, and reports the table and the throughput–latency chart.
 */
final class SweepRun {

    private static final Logger LOG = MayabenchLog.of(SweepRun.class);

    private SweepRun() {
    }

    /** The swept parameters the annotation sets, in {@link SweepPlan#PARAMETERS} order. */
    static Map<String, List<String>> parameters(FioSweep sweep) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (sweep.iodepth().length > 0) {
            parameters.put("iodepth", Arrays.stream(sweep.iodepth()).mapToObj(Integer::toString).toList());
        }
        if (sweep.numjobs().length > 0) {
            parameters.put("numjobs", Arrays.stream(sweep.numjobs()).mapToObj(Integer::toString).toList());
        }
        if (sweep.bs().length > 0) {
            parameters.put("bs", List.of(sweep.bs()));
        }
        if (sweep.rwmixread().length > 0) {
            parameters.put("rwmixread", Arrays.stream(sweep.rwmixread()).mapToObj(Integer::toString).toList());
        }
        return parameters;
    }

    /**
     * The points to run, every problem of the sweep reported at once before any runs.
     *
     * @throws ConfigurationException naming each problem and where it is written
     */
    static List<SweepPlan.Point> plan(FioSweep sweep, FioSettings settings, String origin) {
        List<Problem> problems = new ArrayList<>();
        if (settings.repeat() != 1) {
            problems.add(new Problem("@Fio(repeat)", Integer.toString(settings.repeat()), "1 with @FioSweep",
                    "remove repeat: a sweep runs each point once; sweep again in another test to see the spread",
                    origin));
        }
        if (!settings.thresholds().isEmpty()) {
            problems.add(new Problem("@Fio(expect)", settings.thresholds().toString(), "no thresholds with @FioSweep",
                    "assert on the SweepResult instead, e.g. assertThat(sweep).maxIops(whereP99AtMost("
                            + "Duration.ofMillis(1))).isAtLeast(100_000); thresholds on the class's @Fio apply to "
                            + "every method, so put the sweep in a class of its own", origin));
        }
        if (!(sweep.percentile() > 0 && sweep.percentile() <= 100)) {
            problems.add(new Problem("@FioSweep(percentile)", Double.toString(sweep.percentile()),
                    "a percentile above 0 and at most 100", "write e.g. percentile = 99.9", origin));
        }
        LatencyTarget target = null;
        Map<String, List<String>> parameters = parameters(sweep);
        try {
            if (!sweep.latencyTarget().isBlank() || !sweep.latencyWindow().isBlank()) {
                target = LatencyTarget.parse(new SourcedValue(sweep.latencyTarget(), origin), sweep.latencyPercentile(),
                        new SourcedValue(sweep.latencyWindow(), origin), origin);
            }
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
        SweepPlan plan = null;
        if (!parameters.isEmpty() || target == null && sweep.latencyTarget().isBlank()) {
            try {
                plan = SweepPlan.of(parameters, origin);
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        FioJob base = null;
        try {
            base = settings.job();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        if (target != null) {
            base = base.withLatencyTarget(target, "@FioSweep(latencyTarget) " + origin);
        }
        return plan == null ? List.of(new SweepPlan.Point(Map.of(), base)) : plan.points(base);
    }

    static String origin(Class<?> testClass, Method method) {
        return "on " + testClass.getSimpleName() + "#" + method.getName();
    }

    /**
     * How the suite summary and the report entries name a point: its parameters as {@code name=value}, joined by
     * commas in sweep order ({@code iodepth=16}, {@code iodepth=8,numjobs=2}); a search without parameters is named
     * by its target ({@code latency_target=1ms}). No spaces, so it can stand in a report entry's key.
     */
    static String pointName(Map<String, String> parameters, FioSweep sweep) {
        if (parameters.isEmpty()) {
            return "latency_target=" + sweep.latencyTarget().strip();
        }
        return String.join(",", parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().strip())
                .toList());
    }

    /**
     * Runs every point and reports the sweep. Each point's figures go to the suite summary and the test's report
     * entries as soon as it is measured ({@link SuiteSummary#recordPoint}), so a sweep stopped halfway keeps them.
     */
    static SweepResult run(FioSweep sweep, List<SweepPlan.Point> points, LiveCluster cluster, FioSettings settings,
                           Path runDirectory, String runName, ExtensionContext context, ClusterSpec spec)
            throws Exception {
        List<SweepPoint> measured = new ArrayList<>();
        boolean searching = !sweep.latencyTarget().isBlank();
        for (int i = 0; i < points.size(); i++) {
            SweepPlan.Point point = points.get(i);
            String name = runName + (point.parameters().isEmpty() ? "" : "-" + Locations.fileName(point.parameters()
                    .entrySet().stream().map(e -> e.getKey() + e.getValue()).reduce((a, b) -> a + "-" + b)
                    .orElseThrow()));
            String title = "sweep point " + (i + 1) + " of " + points.size() + ": " + point.label();
            FioResult result;
            try {
                result = AllureReporter.step(title, () -> cluster.runFio(point.job(), settings.volumeMode(),
                        runDirectory, name));
            } catch (FioFailedException e) {
                // fio's own words stay; the message adds which point of the sweep it was, which fio cannot know
                FioFailedException named = new FioFailedException(title + " failed, after " + i + " point(s) "
                        + "measured: " + e.getMessage(), e.exitCode(), e.command(), e.fioOutput());
                named.initCause(e);
                throw named;
            }
            // every pod's own search (each pod's fio searches against its own volume), not the first pod's alone
            List<LatencySearch> searches = searching ? LatencySearch.read(result, point.job().expectedDuration())
                    : List.of();
            LOG.info("[sweep] {} {}: {}{}", runName, point.label(), FioReport.oneLine(result),
                    searches.isEmpty() ? "" : "; " + searches);
            SweepPoint done = new SweepPoint(point.parameters(), result, searches);
            measured.add(done);
            SuiteSummary.recordPoint(context, spec, point.job(), done, pointName(point.parameters(), sweep));
        }
        SweepResult result = new SweepResult(measured, sweep.percentile());
        AllureReporter.attachText("sweep: " + runName, "text/plain", "txt", result.table());
        try {
            SweepChart.attach(result, runDirectory, runName);
        } catch (RuntimeException | Error e) {
            // a chart is a view of the figures, not a figure: its failure must not fail the benchmark
            LOG.warn("[sweep] no throughput–latency chart for {}: {}", runName, e.toString());
        }
        LOG.info("[sweep] {}:\n{}", runName, result.table());
        return result;
    }
}
