package dev.mayabench.fio;

import dev.mayabench.stage.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A result next to its baseline, figure by figure: IOPS and bandwidth (higher is better) and latency
 * percentiles (lower is better) of each direction the baseline did I/O in. A figure regressed when it is worse
 * than the baseline by more than the tolerance (a fraction: 0.1 is 10%).
 *
 * <pre>{@code
 * BaselineComparison c = BaselineComparison.of(result, baseline, 0.10, 99.0, 99.9);
 * c.regressed();        // the rows worse than the baseline by more than 10%
 * System.out.println(c.table());
 * }</pre>
 *
 * @param tolerance how much worse a figure may be, as a fraction
 * @param rows      one per figure, in a stable order
 */
@API(status = API.Status.EXPERIMENTAL)
public record BaselineComparison(double tolerance, List<Row> rows) {

    public BaselineComparison {
        rows = List.copyOf(rows);
    }

    /**
     * One figure.
     *
     * @param figure          e.g. {@code read IOPS}, {@code write p99}
     * @param baseline        the baseline's value (IOPS, KiB/s or nanoseconds)
     * @param now             this run's value
     * @param higherIsBetter  whether a larger value is an improvement
     * @param unit            how to print the values
     */
    public record Row(String figure, double baseline, double now, boolean higherIsBetter, String unit) {

        /** The change from the baseline, as a fraction (+0.05 is 5% more). */
        public double change() {
            return baseline == 0 ? 0 : (now - baseline) / baseline;
        }

        /** Whether this figure is worse than the baseline by more than the tolerance. */
        public boolean regressedBeyond(double tolerance) {
            double worse = higherIsBetter ? -change() : change();
            return worse > tolerance + 1e-12;
        }

        /** The baseline's value as people read it. */
        public String baselineText() {
            return format(baseline);
        }

        /** This run's value as people read it ({@code no I/O} when it did none in this direction). */
        public String nowText() {
            return Double.isInfinite(now) ? "no I/O" : format(now);
        }

        /** The change, e.g. {@code +5.2%}; {@code n/a} without I/O. */
        public String changeText() {
            return Double.isInfinite(now) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", change() * 100);
        }

        String format(double value) {
            return switch (unit) {
                case "ns" -> Durations.latency(Duration.ofNanos(Math.round(value)));
                case "KiB/s" -> String.format(Locale.ROOT, "%.1f MiB/s", value / 1024);
                default -> String.format(Locale.ROOT, "%.0f", value);
            };
        }
    }

    /** Compares IOPS, bandwidth and the given percentiles (default p99) of every direction the baseline used. */
    public static BaselineComparison of(FioResult now, FioResult baseline, double tolerance, double... percentiles) {
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("a tolerance is a fraction from 0 (no regression allowed) to below 1, "
                    + "e.g. 0.1 for 10%; not " + tolerance);
        }
        double[] ps = percentiles.length == 0 ? new double[] {99.0} : percentiles;
        List<Row> rows = new ArrayList<>();
        for (String direction : List.of("read", "write")) {
            IoStats before = direction.equals("read") ? baseline.read() : baseline.write();
            IoStats after = direction.equals("read") ? now.read() : now.write();
            if (before.totalIos() == 0) {
                continue;
            }
            rows.add(new Row(direction + " IOPS", before.iops(), after.iops(), true, "IOPS"));
            rows.add(new Row(direction + " bandwidth", before.bandwidthKiB(), after.bandwidthKiB(), true, "KiB/s"));
            for (double p : ps) {
                String name = direction + " p" + (p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p));
                double afterValue = after.totalIos() == 0 ? Double.POSITIVE_INFINITY
                        : after.latencyPercentile(p).toNanos();
                rows.add(new Row(name, before.latencyPercentile(p).toNanos(), afterValue, false, "ns"));
            }
        }
        return new BaselineComparison(tolerance, rows);
    }

    /** The figures worse than the baseline by more than the tolerance. */
    public List<Row> regressed() {
        return rows.stream().filter(r -> r.regressedBeyond(tolerance)).toList();
    }

    /** {@code REGRESSED} or {@code ok} for one row, at this comparison's tolerance. */
    public String verdict(Row row) {
        return row.regressedBeyond(tolerance) ? "REGRESSED" : "ok";
    }

    /** figure | baseline | now | change | verdict, one line per figure. */
    public String table() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-16s %14s %14s %9s  %s%n", "figure",
                "baseline", "now", "change", "verdict (tolerance " + Math.round(tolerance * 100) + "%)"));
        for (Row row : rows) {
            table.append(String.format(Locale.ROOT, "%-16s %14s %14s %9s  %s%n", row.figure(), row.baselineText(),
                    row.nowText(), row.changeText(), verdict(row)));
        }
        return table.toString();
    }
}
