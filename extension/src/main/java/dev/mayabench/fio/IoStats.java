package dev.mayabench.fio;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The figures of one I/O direction (read or write) of one fio job, or of several jobs together.
 *
 * <pre>{@code
 * IoStats read = FioResult.parse(Path.of("target/mayabench/results/MyBenchmark/randomRead.json")).read();
 * read.iops();                     // 41234.5
 * read.bandwidthKiB();             // 164938 (KiB/s, fio "bw")
 * read.latencyPercentile(99.9);    // PT0.000872S
 * }</pre>
 *
 * Percentiles: of a single job, fio's own {@code clat_ns.percentile} figures (any of its
 * {@code percentile_list}); of several jobs or pods together, computed from their merged json+ histograms
 * with fio's rule. When neither is available {@link #latencyPercentile(double)} says why instead of guessing.
 */
@API(status = API.Status.STABLE)
public final class IoStats {

    private final String direction;
    private final String scope;
    private final double iops;
    private final long bandwidthKiB;
    private final long ioBytes;
    private final long totalIos;
    private final long runtimeMillis;
    private final double meanLatencyNanos;
    private final TreeMap<Double, Long> percentiles;
    private final LatencyHistogram histogram;
    private final String histogramMissingBecause;

    IoStats(String direction, String scope, double iops, long bandwidthKiB, long ioBytes, long totalIos,
            long runtimeMillis, double meanLatencyNanos, Map<Double, Long> percentiles, LatencyHistogram histogram,
            String histogramMissingBecause) {
        this.direction = direction;
        this.scope = scope;
        this.iops = iops;
        this.bandwidthKiB = bandwidthKiB;
        this.ioBytes = ioBytes;
        this.totalIos = totalIos;
        this.runtimeMillis = runtimeMillis;
        this.meanLatencyNanos = meanLatencyNanos;
        this.percentiles = new TreeMap<>(percentiles);
        this.histogram = histogram;
        this.histogramMissingBecause = histogramMissingBecause;
    }

    /** The aggregate of several stats of the same direction: sums, I/O-weighted mean, merged histograms. */
    static IoStats aggregate(String direction, String scope, List<IoStats> parts) {
        if (parts.size() == 1) {
            IoStats only = parts.get(0);
            return new IoStats(direction, scope, only.iops, only.bandwidthKiB, only.ioBytes, only.totalIos,
                    only.runtimeMillis, only.meanLatencyNanos, only.percentiles, only.histogram,
                    only.histogramMissingBecause);
        }
        double iops = 0;
        long bw = 0;
        long bytes = 0;
        long ios = 0;
        long runtime = 0;
        double weightedLatency = 0;
        LatencyHistogram merged = null;
        String missing = null;
        for (IoStats part : parts) {
            iops += part.iops;
            bw += part.bandwidthKiB;
            bytes += part.ioBytes;
            ios += part.totalIos;
            runtime = Math.max(runtime, part.runtimeMillis);
            weightedLatency += part.meanLatencyNanos * part.totalIos;
            if (part.totalIos == 0) {
                continue;
            }
            if (part.histogram == null) {
                missing = "job '" + part.scope + "' has no latency histogram: run fio with --output-format=json+ "
                        + "(mayabench does) or with group_reporting to get percentiles over several jobs";
            } else if (missing == null) {
                merged = merged == null ? part.histogram : merged.merge(part.histogram);
            }
        }
        double mean = ios == 0 ? 0 : weightedLatency / ios;
        return new IoStats(direction, scope, iops, bw, bytes, ios, runtime, mean, Map.of(),
                missing == null ? merged : null, missing == null ? "no I/O" : missing);
    }

    /** I/O operations per second (fio {@code iops}). */
    public double iops() {
        return iops;
    }

    /** Bandwidth in KiB/s (fio {@code bw}). */
    public long bandwidthKiB() {
        return bandwidthKiB;
    }

    /** Bytes transferred (fio {@code io_bytes}). */
    public long ioBytes() {
        return ioBytes;
    }

    /** Number of I/Os completed (fio {@code total_ios}). */
    public long totalIos() {
        return totalIos;
    }

    /**
     * The block size fio actually used, from what it did rather than what the job says: bytes per completed I/O,
     * fio's {@code io_bytes} divided by the I/Os its json+ latency histogram counted ({@code clat_ns.bins}), or by
     * {@code total_ios} without a histogram. (With {@code ramp_time}, {@code total_ios} also counts the I/Os in
     * flight when the ramp ended, whose bytes are not in {@code io_bytes}: 10808 against 10823 completions for a
     * 128k read at iodepth 16, which would make 131254 bytes of 131072; a 128k write's histogram counted one I/O
     * fewer than its bytes. So the count is taken as the one within half a percent of fio's that divides
     * {@code io_bytes} exactly.) For a fixed {@code bs} that is the block
     * size exactly ({@code 4096} for {@code bs=4k}; {@code 4000} for a job file's {@code bs=4KiB}, which fio
     * reads as 1000-byte units); for mixed sizes ({@code bsrange}, {@code bssplit}) the mean, rounded to the
     * nearest byte. Empty when this direction did no I/O.
     *
     * <pre>{@code
     * result.read().blockSize();   // OptionalLong[4096]
     * }</pre>
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public java.util.OptionalLong blockSize() {
        long counted = histogram != null && histogram.total() > 0 ? histogram.total() : totalIos;
        if (counted <= 0 || ioBytes <= 0) {
            return java.util.OptionalLong.empty();
        }
        // fio's counts and its bytes can be an I/O or a queue apart (counted at a ramp's end or a run's stop while
        // in flight): a fixed block size divides io_bytes exactly, so look for the I/O count near fio's that does
        long slack = Math.max(64, counted / 200);
        for (long d = 0; d <= slack; d++) {
            for (long n : new long[] {counted + d, counted - d}) {
                if (n > 0 && ioBytes % n == 0) {
                    return java.util.OptionalLong.of(ioBytes / n);
                }
            }
        }
        return java.util.OptionalLong.of(Math.round((double) ioBytes / counted));
    }

    /** How long the direction ran (fio {@code runtime}; the longest of several jobs). */
    public Duration runtime() {
        return Duration.ofMillis(runtimeMillis);
    }

    /** Mean total latency, submission to completion (fio {@code lat_ns.mean}; I/O-weighted over jobs). */
    public Duration meanLatency() {
        return Duration.ofNanos(Math.round(meanLatencyNanos));
    }

    /** The completion-latency percentiles fio reported for this job (empty for aggregates and for no I/O). */
    public Map<Double, Duration> percentiles() {
        Map<Double, Duration> out = new TreeMap<>();
        percentiles.forEach((p, ns) -> out.put(p, Duration.ofNanos(ns)));
        return Collections.unmodifiableMap(out);
    }

    /** Whether the json+ latency histogram is there, so any percentile can be computed. */
    public boolean hasHistogram() {
        return histogram != null;
    }

    /**
     * A completion-latency percentile, e.g. {@code 99.0} or {@code 99.9}: fio's figure when it reported that
     * percentile, else computed from the json+ histogram with fio's rule.
     *
     * @throws FioOutputException when this direction did no I/O, or the percentile is not in fio's list and
     *                            there is no histogram to compute it from
     */
    public Duration latencyPercentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile is above 0 and at most 100, not " + p);
        }
        if (totalIos == 0) {
            throw new FioOutputException("no " + direction + " latency percentiles for " + scope + ": it did no "
                    + direction + " I/O (check rw= of the job)");
        }
        for (Map.Entry<Double, Long> e : percentiles.entrySet()) {
            if (Math.abs(e.getKey() - p) < 1e-9) {
                return Duration.ofNanos(e.getValue());
            }
        }
        if (histogram != null && histogram.total() > 0) {
            return histogram.percentile(p);
        }
        String why = percentiles.isEmpty() ? histogramMissingBecause
                : "fio reported only " + percentiles.keySet().stream().map(IoStats::format).toList()
                + " and wrote no json+ histogram; add " + format(p) + " to percentile_list or use json+ output";
        throw new FioOutputException("no p" + format(p) + " " + direction + " latency for " + scope + ": " + why);
    }

    /** Which direction these figures are for: {@code read} or {@code write}. */
    public String direction() {
        return direction;
    }

    Optional<LatencyHistogram> histogram() {
        return Optional.ofNullable(histogram);
    }

    static String format(double p) {
        return p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%s", p);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s: %.0f IOPS, %d KiB/s, mean %s", scope, direction, iops,
                bandwidthKiB, meanLatency());
    }
}
