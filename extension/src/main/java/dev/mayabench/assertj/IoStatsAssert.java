package dev.mayabench.assertj;

import dev.mayabench.stage.Durations;
import dev.mayabench.fio.FioException;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.IoStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Threshold assertions on the figures of one direction. A failure names the figure, the measured value, the
 * threshold, which direction and job, the profile and where the result is saved, so a red build says
 * everything needed to judge it:
 *
 * <pre>
 * Expecting p99.0 latency of read of all jobs
 *   measured: 2.481 ms
 * to be at most
 *   threshold: 1.000 ms
 * but it was higher (profile randread-4k, result target/mayabench/results/MyBenchmark/randomRead.json)
 * </pre>
 *
 * <pre>{@code
 * FioAssertions.assertThat(result).read().hasIopsAtLeast(1_000).hasMeanLatencyAtMost(Duration.ofMillis(5));
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class IoStatsAssert extends AbstractAssert<IoStatsAssert, IoStats> {

    private final FioResult result;
    private final String what;

    IoStatsAssert(IoStats actual, FioResult result, String what) {
        super(actual, IoStatsAssert.class);
        this.result = result;
        this.what = what;
    }

    /** At least this many I/O operations per second. */
    public IoStatsAssert hasIopsAtLeast(double minimum) {
        isNotNull();
        if (!(actual.iops() >= minimum)) {
            throw breach("IOPS", number(actual.iops()), "at least", number(minimum), "lower");
        }
        return this;
    }

    /** At least this bandwidth, in KiB/s (fio's {@code bw} unit). */
    public IoStatsAssert hasBandwidthAtLeast(long minimumKiB) {
        isNotNull();
        if (actual.bandwidthKiB() < minimumKiB) {
            throw breach("bandwidth", bandwidth(actual.bandwidthKiB()), "at least", bandwidth(minimumKiB),
                    "lower");
        }
        return this;
    }

    /** At least this bandwidth, in MiB/s. */
    public IoStatsAssert hasBandwidthMiBAtLeast(double minimumMiB) {
        return hasBandwidthAtLeast(Math.round(minimumMiB * 1024));
    }

    /** Mean total latency at most this long. */
    public IoStatsAssert hasMeanLatencyAtMost(Duration maximum) {
        isNotNull();
        if (actual.meanLatency().compareTo(maximum) > 0) {
            throw breach("mean latency", latency(actual.meanLatency()), "at most", latency(maximum), "higher");
        }
        return this;
    }

    /** The {@code p}-th completion-latency percentile (e.g. 99.0, 99.9) at most this long. */
    public IoStatsAssert hasLatencyPercentileAtMost(double p, Duration maximum) {
        isNotNull();
        Duration measured;
        try {
            measured = actual.latencyPercentile(p);
        } catch (FioException e) {
            throw failure("%nExpecting p%s latency of %s to be at most %s, but it is not available: %s%s",
                    format(p), what, latency(maximum), e.getMessage(), origin());
        }
        if (measured.compareTo(maximum) > 0) {
            throw breach("p" + format(p) + " latency", latency(measured), "at most", latency(maximum), "higher");
        }
        return this;
    }

    private AssertionError breach(String figure, String measured, String relation, String threshold, String was) {
        return failure("%nExpecting %s of %s%n  measured: %s%nto be %s%n  threshold: %s%nbut it was %s%s",
                figure, what, measured, relation, threshold, was, origin());
    }

    private String origin() {
        if (result == null) {
            return "";
        }
        return " (profile " + result.profile().orElse("unknown") + ", result "
                + result.savedAt().map(Path::toString).orElse("not saved") + ")";
    }

    static String where(FioResult result) {
        return result.profile().orElse("fio") + result.savedAt().map(p -> " at " + p).orElse("");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String bandwidth(long kiB) {
        return String.format(Locale.ROOT, "%,d KiB/s (%.1f MiB/s)", kiB, kiB / 1024.0);
    }

    private static String latency(Duration d) {
        return Durations.latency(d);
    }

    private static String format(double p) {
        return p == Math.rint(p) ? String.format(Locale.ROOT, "%.1f", p) : Double.toString(p);
    }
}
