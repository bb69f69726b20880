package dev.mayabench.fio;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * fio's json+ completion-latency histogram ({@code clat_ns.bins}: bucket value in ns -> I/O count). Merging
 * histograms and reading percentiles from them is the only correct way to get percentiles of several jobs
 * or pods together: averaging percentiles is not a percentile.
 */
final class LatencyHistogram {

    private final TreeMap<Long, Long> bins;
    private final long total;

    LatencyHistogram(Map<Long, Long> bins) {
        this.bins = new TreeMap<>(bins);
        this.total = this.bins.values().stream().mapToLong(Long::longValue).sum();
    }

    long total() {
        return total;
    }

    LatencyHistogram merge(LatencyHistogram other) {
        TreeMap<Long, Long> merged = new TreeMap<>(bins);
        other.bins.forEach((value, count) -> merged.merge(value, count, Long::sum));
        return new LatencyHistogram(merged);
    }

    /**
     * The percentile by fio's own rule (stat.c, calc_clat_percentiles): walk the buckets in order and take the
     * first bucket whose cumulative count reaches {@code p / 100 * total}. json+ bucket keys are already the
     * values fio reports ({@code plat_idx_to_val}), so for one job this reproduces fio's figure exactly.
     */
    Duration percentile(double p) {
        if (total == 0) {
            throw new IllegalStateException("empty histogram");
        }
        double threshold = p / 100.0 * total;
        long cumulative = 0;
        for (Map.Entry<Long, Long> bin : bins.entrySet()) {
            cumulative += bin.getValue();
            if (cumulative >= threshold) {
                return Duration.ofNanos(bin.getKey());
            }
        }
        return Duration.ofNanos(bins.lastKey());
    }
}
