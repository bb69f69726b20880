package dev.mayabench.fio;

import dev.mayabench.stage.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a sweep ({@code @FioSweep}) measured: one {@link SweepPoint} per combination of parameter values, in sweep
 * order, and the throughput–latency curve they draw.
 *
 * <pre>{@code
 * @Test
 * @Fio(profile = "randread-4k", runtime = "10s")
 * @FioSweep(iodepth = {1, 2, 4, 8, 16, 32, 64})
 * void curve(SweepResult sweep) {
 *     assertThat(sweep).maxIops(whereP99AtMost(Duration.ofMillis(1))).isAtLeast(100_000);
 *     sweep.knee("read").ifPresent(knee -> System.out.println("knee at " + knee.label()));
 * }
 * }</pre>
 *
 * <b>The knee</b> is the point of highest <em>power</em>, IOPS divided by the curve's latency percentile: the
 * operating point after which more load buys relatively less throughput than it costs in latency. Power, the ratio
 * of throughput to response time, is L. Kleinrock's metric for the trade-off every queue makes between efficiency
 * and response time (summarised, with its optimum, in "On Kleinrock's power metric for queueing systems",
 * INRIA Rennes, ICCCN 2011, doi:10.1109/ICCCN.2011.6006104: in M/GI/1 models power peaks where the mean number
 * in the system is one). "The knee" has no single definition (N. J. Gunther, "Mind your knees and queues", CMG
 * MeasureIT 7.08, 2009, surveys the disagreement); mayabench uses this one because it needs no tuning constant and
 * is computed from measured points only. Kleinrock divides by the mean response time; mayabench divides by the
 * percentile the curve is drawn with ({@link #percentile()}, p99 unless {@code @FioSweep(percentile)} says
 * otherwise), because tail latency is what a storage service promises.
 *
 * @param points     the points in sweep order, first parameter outermost
 * @param percentile the completion-latency percentile of {@link #curve} and {@link #knee}
 */
@API(status = API.Status.EXPERIMENTAL)
public record SweepResult(List<SweepPoint> points, double percentile) {

    public SweepResult {
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a sweep has at least one point");
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("a latency percentile is above 0 and at most 100, not " + percentile);
        }
    }

    /** A curve drawn with p99. */
    public SweepResult(List<SweepPoint> points) {
        this(points, 99.0);
    }

    /** A point may count only if its p99 completion latency (every direction) is at most {@code max}. */
    public static LatencyBound whereP99AtMost(Duration max) {
        return new LatencyBound(99.0, max);
    }

    /** A point may count only if this completion-latency percentile (every direction) is at most {@code max}. */
    public static LatencyBound whereLatencyAtMost(double percentile, Duration max) {
        return new LatencyBound(percentile, max);
    }

    /**
     * One point of the throughput–latency curve of one direction.
     *
     * @param point   the sweep point
     * @param iops    that direction's IOPS
     * @param latency that direction's completion-latency percentile
     */
    public record CurvePoint(SweepPoint point, double iops, Duration latency) {

        /** IOPS per second of latency: Kleinrock's power, the figure the knee maximises. */
        public double power() {
            return iops / Math.max(1, latency.toNanos()) * 1e9;
        }
    }

    /**
     * The throughput–latency curve of {@code read} or {@code write}: IOPS against the {@link #percentile()}
     * latency, one entry per point that did I/O in that direction, in sweep order.
     */
    public List<CurvePoint> curve(String direction) {
        List<CurvePoint> curve = new ArrayList<>();
        for (SweepPoint point : points) {
            point.latency(direction, percentile).ifPresent(latency ->
                    curve.add(new CurvePoint(point, point.stats(direction).iops(), latency)));
        }
        return List.copyOf(curve);
    }

    /** The directions any point did I/O in, read first. */
    public List<String> directions() {
        return List.of("read", "write").stream().filter(d -> !curve(d).isEmpty()).toList();
    }

    /**
     * The knee of one direction's curve (see the class comment): the point of most IOPS per unit of latency, the
     * earlier one on a tie; empty when that direction did no I/O.
     */
    public Optional<SweepPoint> knee(String direction) {
        return curve(direction).stream().max(Comparator.comparingDouble(CurvePoint::power)).map(CurvePoint::point);
    }

    /**
     * The point with the most IOPS (read and write together) among those that keep {@code bound}; empty when none
     * does. Ties go to the earlier point.
     */
    public Optional<SweepPoint> maxIops(LatencyBound bound) {
        Objects.requireNonNull(bound, "bound");
        SweepPoint best = null;
        for (SweepPoint point : points) {
            if (bound.admits(point) && (best == null || point.iops() > best.iops())) {
                best = point;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The sweep as a table, one row per point: parameters, IOPS and the percentile of each direction, and the
     * latency-target depth where fio searched one; the knee of each direction marked. For messages and reports.
     */
    public String table() {
        return table(percentile);
    }

    /** {@link #table()} with the latencies at another percentile (the one an assertion judged). */
    public String table(double shownPercentile) {
        List<String> directions = directions();
        String p = "p" + IoStats.format(shownPercentile);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-28s", "point"));
        for (String d : directions) {
            out.append(String.format(Locale.ROOT, " %14s %12s", d + " IOPS", d + " " + p));
        }
        out.append('\n');
        for (SweepPoint point : points) {
            out.append(String.format(Locale.ROOT, "%-28s", point.label()));
            for (String d : directions) {
                IoStats stats = point.stats(d);
                out.append(String.format(Locale.ROOT, " %14.0f %12s", stats.iops(), point.latency(d, shownPercentile)
                        .map(Durations::latency).orElse("-")));
            }
            List<String> notes = new ArrayList<>();
            for (String d : directions) {
                if (knee(d).filter(k -> k == point).isPresent()) {
                    notes.add("knee (" + d + ")");
                }
            }
            point.latencySearches().forEach(s -> notes.add("fio's depth " + s.depth()
                    + s.pod().map(pod -> " @ " + pod).orElse("") + (s.settled() ? "" : " (not settled)")));
            if (!notes.isEmpty()) {
                out.append("  <- ").append(String.join(", ", notes));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
