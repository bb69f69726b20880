package dev.mayabench.report;

import dev.mayabench.fio.SweepResult;
import dev.mayabench.stage.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The throughput–latency chart of a sweep: per direction, IOPS across, the curve's latency percentile up (µs, on
 * a log scale when it spans a decade or more), one labelled marker per point joined in sweep order, and the knee as a series of its own so it is visible
 * and named in the legend. Drawn with XChart like {@link FioCharts}, saved as SVG and PNG.
 *
 * <pre>{@code
 * List<Path> files = SweepChart.write(sweep, runDirectory, "depthCurve");   // depthCurve-sweep.svg, .png
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class SweepChart {

    private SweepChart() {
    }

    /** The chart: one line per direction, one marker per point, the knees named in the legend. */
    static XYChart draw(SweepResult sweep) {
        String p = "p" + format(sweep.percentile());
        XYChart chart = new XYChartBuilder().width(FioCharts.WIDTH).height(FioCharts.HEIGHT)
                .title("throughput–latency (" + p + ") over " + sweep.points().size() + " sweep points")
                .xAxisTitle("IOPS").yAxisTitle(p + " completion latency (µs)").build();
        // XChart labels a logarithmic axis at powers of ten only: a curve within one decade would have no labels
        double low = sweep.directions().stream().flatMap(d -> sweep.curve(d).stream()).mapToDouble(SweepChart::micros)
                .min().orElse(1);
        double high = sweep.directions().stream().flatMap(d -> sweep.curve(d).stream()).mapToDouble(SweepChart::micros)
                .max().orElse(1);
        boolean logarithmic = high / low >= 10;
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (String direction : sweep.directions()) {
            List<SweepResult.CurvePoint> curve = sweep.curve(direction);
            List<String> labels = new ArrayList<>();
            curve.forEach(c -> labels.add(c.point().label()));
            XYSeries line = chart.addSeries(direction + ": " + String.join("; ", labels),
                    curve.stream().mapToDouble(SweepResult.CurvePoint::iops).toArray(),
                    curve.stream().mapToDouble(c -> micros(c)).toArray());
            line.setMarker(SeriesMarkers.CIRCLE);
            // each marker named by its point, so the chart read alone says which depth (or size) is where
            curve.forEach(c -> chart.addAnnotation(new AnnotationText(c.point().label(), c.iops(), micros(c), false)));
            sweep.knee(direction).ifPresent(knee -> {
                SweepResult.CurvePoint at = curve.stream().filter(c -> c.point() == knee).findFirst().orElseThrow();
                XYSeries mark = chart.addSeries(String.format(java.util.Locale.ROOT, "%s knee: %s (%.0f IOPS, %s %s)",
                        direction, knee.label(), at.iops(), p, Durations.latency(at.latency())),
                        new double[] {at.iops()}, new double[] {micros(at)});
                mark.setMarker(SeriesMarkers.DIAMOND);
                mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            });
        }
        return chart;
    }

    private static double micros(SweepResult.CurvePoint c) {
        return Math.max(0.001, c.latency().toNanos() / 1000.0);
    }

    private static String format(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    /** Writes the chart as {@code <runName>-sweep.svg} and {@code .png} into {@code directory}. */
    public static List<Path> write(SweepResult sweep, Path directory, String runName) {
        return FioCharts.save(draw(sweep), directory, runName + "-sweep");
    }

    /** Writes the chart and attaches both files to the current report step. */
    public static void attach(SweepResult sweep, Path directory, String runName) {
        List<Path> files = write(sweep, directory, runName);
        try {
            AllureReporter.attach("chart: throughput–latency", "image/svg+xml", "svg", Files.readAllBytes(files.get(0)));
            AllureReporter.attach("chart: throughput–latency (PNG)", "image/png", "png", Files.readAllBytes(files.get(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sweep chart back from " + directory + ": "
                    + e.getMessage(), e);
        }
    }
}
