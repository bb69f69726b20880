package dev.mayabench.report;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.IoStats;
import dev.mayabench.fio.JobResult;
import dev.mayabench.stage.Durations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Charts of one fio run, drawn with XChart as SVG (sharp in the report) and PNG (for places that show no
 * SVG): the completion-latency percentile curve of each direction, on a logarithmic latency axis so the tail
 * is readable; IOPS and bandwidth per job (per pod on Kubernetes); and, for repeated runs, IOPS per run.
 * Legends carry the figures (p99, totals), so a chart read alone still says what was measured.
 *
 * <pre>{@code
 * List<Path> files = FioCharts.write(result, runDirectory, "randomRead");   // randomRead-latency.svg, ...
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class FioCharts {

    /** The percentiles of the curve: fio's default list, from the median into the far tail. */
    static final double[] CURVE = {1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};
    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    private FioCharts() {
    }

    /** A chart of one run: its name (a file stem) and the chart. */
    record Drawn(String name, String title, Chart<?, ?> chart) {
    }

    /** Draws the charts of a run. */
    static List<Drawn> draw(FioResult result) {
        List<Drawn> charts = new ArrayList<>();
        latencyCurve(result).ifPresent(c -> charts.add(new Drawn("latency", "latency percentiles", c)));
        charts.add(new Drawn("iops", "IOPS per job", perJob(result, "IOPS per job", "IOPS",
                s -> s.iops())));
        charts.add(new Drawn("bandwidth", "bandwidth per job", perJob(result, "bandwidth per job", "MiB/s",
                s -> s.bandwidthKiB() / 1024.0)));
        if (result.pods().size() > 1) {
            charts.add(new Drawn("iops-pods", "IOPS per pod", perPod(result, "IOPS per pod", "IOPS",
                    s -> s.iops())));
            charts.add(new Drawn("bandwidth-pods", "bandwidth per pod", perPod(result, "bandwidth per pod",
                    "MiB/s", s -> s.bandwidthKiB() / 1024.0)));
        }
        charts.addAll(overTime(result));
        return charts;
    }

    /**
     * IOPS and p99 over time from the run's {@link dev.mayabench.fio.Timeline}, one line per direction; for a run
     * of several pods, the total of all pods and one line per pod and direction, on the same time axis, so a pod
     * that started late or stalled stands out; none when the timeline has fewer than two intervals (a line through
     * one point shows no change over time).
     */
    static List<Drawn> overTime(FioResult result) {
        dev.mayabench.fio.Timeline timeline = result.timeline();
        Map<String, List<dev.mayabench.fio.Timeline.Interval>> directions = new LinkedHashMap<>();
        directions.put("read", timeline.read());
        directions.put("write", timeline.write());
        directions.put("trim", timeline.trim());
        directions.values().removeIf(List::isEmpty);
        if (directions.values().stream().mapToInt(List::size).max().orElse(0) < 2) {
            return List.of();
        }
        org.knowm.xchart.XYChart iops = new org.knowm.xchart.XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("IOPS over time (all jobs, per " + Durations.human(timeline.interval()) + ")")
                .xAxisTitle("seconds from start").yAxisTitle("IOPS").build();
        org.knowm.xchart.XYChart p99 = new org.knowm.xchart.XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("p99 completion latency over time (bins of all jobs summed)")
                .xAxisTitle("seconds from start").yAxisTitle("p99 (µs)").build();
        Map<String, FioResult> pods = result.pods().size() > 1 ? result.pods() : Map.of();
        Map<String, List<dev.mayabench.fio.Timeline.Interval>> series = new LinkedHashMap<>();
        directions.forEach((direction, intervals) -> series.put(pods.isEmpty() ? direction
                : direction + " (all pods)", intervals));
        pods.forEach((pod, podResult) -> {
            dev.mayabench.fio.Timeline own = podResult.timeline();
            for (String direction : directions.keySet()) {
                List<dev.mayabench.fio.Timeline.Interval> intervals = direction.equals("read") ? own.read()
                        : direction.equals("write") ? own.write() : own.trim();
                if (!intervals.isEmpty()) {
                    series.put(direction + " @ " + pod, intervals);
                }
            }
        });
        series.forEach((name, intervals) -> {
            iops.addSeries(name, intervals.stream().mapToDouble(i -> i.start().toMillis() / 1000.0).toArray(),
                    intervals.stream().mapToDouble(dev.mayabench.fio.Timeline.Interval::iops).toArray());
            List<dev.mayabench.fio.Timeline.Interval> timed = intervals.stream()
                    .filter(i -> i.p99().isPresent()).toList();
            if (!timed.isEmpty()) {
                p99.addSeries(name, timed.stream().mapToDouble(i -> i.start().toMillis() / 1000.0).toArray(),
                        timed.stream().mapToDouble(i -> i.p99().orElseThrow().toNanos() / 1000.0).toArray());
            }
        });
        List<Drawn> drawn = new ArrayList<>();
        drawn.add(new Drawn("iops-over-time", "IOPS over time", iops));
        if (!p99.getSeriesMap().isEmpty()) {
            drawn.add(new Drawn("p99-over-time", "p99 over time", p99));
        }
        return drawn;
    }

    private static java.util.Optional<CategoryChart> latencyCurve(FioResult result) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("completion latency percentiles" + result.profile().map(p -> " — " + p).orElse(""))
                .xAxisTitle("percentile").yAxisTitle("latency (µs, log scale)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(45);
        List<String> labels = new ArrayList<>();
        for (double p : CURVE) {
            labels.add("p" + format(p));
        }
        boolean any = false;
        for (String direction : List.of("read", "write")) {
            IoStats stats = direction.equals("read") ? result.read() : result.write();
            if (stats.totalIos() == 0) {
                continue;
            }
            List<Double> micros = new ArrayList<>();
            try {
                for (double p : CURVE) {
                    micros.add(Math.max(0.001, stats.latencyPercentile(p).toNanos() / 1000.0));
                }
            } catch (RuntimeException noLatencies) {
                continue;
            }
            chart.addSeries(direction + " (p99 " + Durations.latency(stats.latencyPercentile(99.0)) + ")", labels,
                    micros);
            any = true;
        }
        return any ? java.util.Optional.of(chart) : java.util.Optional.empty();
    }

    private static CategoryChart perJob(FioResult result, String title, String unit,
                                        java.util.function.ToDoubleFunction<IoStats> figure) {
        List<String> jobs = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (JobResult job : result.jobs()) {
            int n = seen.merge(job.name() + job.hostname().orElse(""), 1, Integer::sum);
            jobs.add(job.name() + job.hostname().map(h -> "@" + h).orElse("") + (n > 1 || countOf(result, job) > 1
                    ? " #" + n : ""));
        }
        return bars(result, title, "job", unit, jobs, result.jobs().stream()
                .map(j -> new IoStats[] {j.read(), j.write()}).toList(), figure);
    }

    /** One bar per pod (the sum of its jobs) and direction: shows a pod that lagged behind the others. */
    private static CategoryChart perPod(FioResult result, String title, String unit,
                                        java.util.function.ToDoubleFunction<IoStats> figure) {
        Map<String, FioResult> pods = result.pods();
        return bars(result, title, "pod", unit, new ArrayList<>(pods.keySet()), pods.values().stream()
                .map(r -> new IoStats[] {r.read(), r.write()}).toList(), figure);
    }

    /** A bar per label and direction that did I/O; each bar's figures are {read, write}. */
    private static CategoryChart bars(FioResult result, String title, String axis, String unit, List<String> labels,
                                      List<IoStats[]> readWrite, java.util.function.ToDoubleFunction<IoStats> figure) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(axis).yAxisTitle(unit).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        for (int d = 0; d < 2; d++) {
            IoStats total = d == 0 ? result.read() : result.write();
            if (total.totalIos() == 0) {
                continue;
            }
            int direction = d;
            List<Double> values = readWrite.stream().map(rw -> figure.applyAsDouble(rw[direction])).toList();
            chart.addSeries(String.format(Locale.ROOT, "%s (total %.1f %s)", d == 0 ? "read" : "write",
                    figure.applyAsDouble(total), unit), labels, values);
        }
        return chart;
    }

    private static long countOf(FioResult result, JobResult job) {
        return result.jobs().stream().filter(j -> j.name().equals(job.name())
                && j.hostname().equals(job.hostname())).count();
    }

    /** IOPS of each of repeated runs, the chosen (median) one named. */
    static CategoryChart repeats(List<FioResult> runs) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("IOPS per repeated run")
                .xAxisTitle("run").yAxisTitle("IOPS").build();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= runs.size(); i++) {
            labels.add("run " + i);
        }
        for (String direction : List.of("read", "write")) {
            List<Double> values = runs.stream().map(r -> (direction.equals("read") ? r.read() : r.write()).iops())
                    .toList();
            if (values.stream().anyMatch(v -> v > 0)) {
                chart.addSeries(direction, labels, values);
            }
        }
        return chart;
    }

    /** Writes every chart of the run as SVG and PNG next to its output, and returns the files. */
    public static List<Path> write(FioResult result, Path directory, String runName) {
        List<Path> files = new ArrayList<>();
        for (Drawn drawn : draw(result)) {
            files.addAll(save(drawn.chart(), directory, runName + "-" + drawn.name()));
        }
        return files;
    }

    /** Writes the charts and attaches each (SVG and PNG) to the current report step. */
    public static void attach(FioResult result, Path directory, String runName) {
        for (Drawn drawn : draw(result)) {
            saveAndAttach("chart: " + drawn.title(), drawn.chart(), directory, runName + "-" + drawn.name());
        }
    }

    /** The IOPS of repeated runs as a chart, attached to the current report step. */
    public static void attachRepeats(List<FioResult> runs, Path directory, String runName) {
        saveAndAttach("chart: IOPS per repeated run", repeats(runs), directory, runName + "-repeats");
    }

    /** A chart drawn once as SVG (described) and PNG. */
    private record Rendered(byte[] svg, byte[] png) {
    }

    private static Rendered render(Chart<?, ?> chart) {
        try {
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return new Rendered(described(svg.toString(StandardCharsets.UTF_8), chart)
                    .getBytes(StandardCharsets.UTF_8),
                    BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the chart " + chart.getTitle() + ": " + e.getMessage(), e);
        }
    }

    static List<Path> save(Chart<?, ?> chart, Path directory, String stem) {
        return save(render(chart), directory, stem);
    }

    private static List<Path> save(Rendered rendered, Path directory, String stem) {
        try {
            Files.createDirectories(directory);
            Path svg = Files.write(directory.resolve(stem + ".svg"), rendered.svg());
            Path png = Files.write(directory.resolve(stem + ".png"), rendered.png());
            return List.of(svg, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + stem + " into " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Saves the chart beside the run's output and attaches the same bytes, without reading the files back. */
    private static void saveAndAttach(String title, Chart<?, ?> chart, Path directory, String stem) {
        Rendered rendered = render(chart);
        save(rendered, directory, stem);
        AllureReporter.attach(title, "image/svg+xml", "svg", rendered.svg());
        AllureReporter.attach(title + " (PNG)", "image/png", "png", rendered.png());
    }

    /**
     * The SVG with a {@code <title>} and a {@code <desc>} naming the chart and its series: XChart draws text as
     * outlines, so without them the figures would be pictures only, invisible to search, screen readers and
     * anyone grepping the report.
     */
    static String described(String svg, Chart<?, ?> chart) {
        int open = svg.indexOf("<svg");
        int end = open < 0 ? -1 : svg.indexOf('>', open);
        if (end < 0) {
            return svg;
        }
        String series = String.join("; ", chart.getSeriesMap().keySet());
        if (chart instanceof CategoryChart categories && !categories.getSeriesMap().isEmpty()) {
            List<String> names = new ArrayList<>();
            categories.getSeriesMap().values().iterator().next().getXData().forEach(x -> names.add(x.toString()));
            series += " — " + String.join(", ", names);
        }
        return svg.substring(0, end + 1) + "\n  <title>" + escape(chart.getTitle()) + "</title>\n  <desc>"
                + escape(series) + "</desc>" + svg.substring(end + 1);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }


    private static String format(double p) {
        return p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p);
    }
}
