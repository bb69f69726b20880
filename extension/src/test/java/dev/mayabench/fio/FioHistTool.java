package dev.mayabench.fio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Independent code, written from axboe/fio {@code tools/hist/fiologparser_hist.py} ({@code --noweight} mode), that
 * the timelines are checked against: the bins of all histogram log files added per interval, bin midpoints from
 * {@code _plat_idx_to_val(idx, edge=0.5)}, {@code weighted_percentile} with linear interpolation over the
 * cumulative distribution. Shared by the local ({@code TimelineAgreesWithFioTest}) and the pod
 * ({@code dev.mayabench.junit.PodTimelineAgreesWithFioTest}) checks, hence public.
 */
public final class FioHistTool {

    private FioHistTool() {
    }

    /**
     * fiologparser_hist.py, output_interval_data (--noweight): intervals [start, end) of 1000 ms from
     * {@code originMsec} (0 for zero-based stamps; the script's own start for Unix-stamped ones); a line of any
     * file with time ts is added to the first interval with ts + 10 < end. Returns end (ms from the origin) →
     * summed bins; intervals without any completion are left out.
     */
    public static Map<Long, double[]> intervals(List<Path> histogramLogs, int ddir, long originMsec)
            throws IOException {
        Map<Long, double[]> sums = new TreeMap<>();
        for (Path file : histogramLogs) {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.replace(" ", "").split(",");
                long ts = Long.parseLong(cells[0]) - originMsec;
                if (Integer.parseInt(cells[1]) != ddir) {
                    continue;
                }
                long end = 1000;
                while (!(ts + 10 < end)) {
                    end += 1000;
                }
                double[] sum = sums.computeIfAbsent(end, k -> new double[cells.length - 3]);
                for (int i = 3; i < cells.length; i++) {
                    sum[i - 3] += Long.parseLong(cells[i]);
                }
            }
        }
        sums.values().removeIf(bins -> Arrays.stream(bins).sum() == 0);
        return sums;
    }

    /** fiologparser_hist.py weighted_percentile: cdf = 100 * (cumsum - w/2) / sum, then np.interp over bin mids. */
    public static double weightedPercentile(double p, double[] weights) {
        int n = weights.length;
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] cdf = new double[n];
        double[] values = new double[n];
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += weights[i];
            cdf[i] = 100 * (cumulative - weights[i] / 2.0) / sum;
            values[i] = platIdxToVal(i, 0.5);
        }
        // np.interp: left of the first point -> first value, right of the last -> last value
        if (p <= cdf[0]) {
            return values[0];
        }
        if (p >= cdf[n - 1]) {
            return values[n - 1];
        }
        int j = 0;
        while (!(cdf[j] <= p && p < cdf[j + 1])) {
            j++;
        }
        return values[j] + (p - cdf[j]) * (values[j + 1] - values[j]) / (cdf[j + 1] - cdf[j]);
    }

    /** fiologparser_hist.py _plat_idx_to_val(idx, edge) with FIO_IO_U_PLAT_BITS 6, FIO_IO_U_PLAT_VAL 64. */
    static double platIdxToVal(int idx, double edge) {
        if (idx < (64 << 1)) {
            return idx;
        }
        int errorBits = (idx >> 6) - 1;
        double base = 1L << (errorBits + 6);
        int k = idx % 64;
        return base + ((k + edge) * (1L << errorBits));
    }

    /**
     * How far a percentile of ours (the middle of bin b) may be from the script's: the script interpolates between
     * bin middles, so it lies between the middles of b-1 and b+1, at most the width of bin b+1 away, which is at
     * most twice b's (widths double at each group edge); +1 ns for fio's truncation of the middle to whole ns.
     */
    public static double oneBinAround(long nanos) {
        return binWidthAt(nanos) * 2 + 1;
    }

    /** The width of the histogram bin a latency in ns falls in: 1 ns below 128 ns, then 2^(group - 1). */
    static double binWidthAt(long nanos) {
        if (nanos < 128) {
            return 1;
        }
        int msb = 63 - Long.numberOfLeadingZeros(nanos);
        return Math.pow(2, msb - 6);
    }
}
