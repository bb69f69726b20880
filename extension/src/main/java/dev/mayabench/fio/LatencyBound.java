package dev.mayabench.fio;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A latency limit a sweep point must keep to count: a completion-latency percentile of every direction that did
 * I/O at most {@code max}. Made by {@link SweepResult#whereP99AtMost(Duration)} and
 * {@link SweepResult#whereLatencyAtMost(double, Duration)}.
 *
 * <pre>{@code
 * LatencyBound bound = SweepResult.whereP99AtMost(Duration.ofMillis(1));
 * sweep.maxIops(bound);   // the best point whose p99 stays within 1 ms
 * }</pre>
 *
 * @param percentile the percentile, e.g. 99.0 or 99.9
 * @param max        the highest latency allowed (inclusive)
 */
@API(status = API.Status.EXPERIMENTAL)
public record LatencyBound(double percentile, Duration max) {

    public LatencyBound {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("a latency percentile is above 0 and at most 100, not " + percentile);
        }
        Objects.requireNonNull(max, "max");
        if (max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("a latency limit is more than 0, not " + max);
        }
    }

    /** Whether every direction that did I/O at {@code point} keeps the percentile within {@link #max()}. */
    public boolean admits(SweepPoint point) {
        return !point.directions().isEmpty() && point.directions().stream()
                .allMatch(d -> point.latency(d, percentile).orElseThrow().compareTo(max) <= 0);
    }

    /** {@code p99 <= 1.000 ms}. */
    @Override
    public String toString() {
        return name() + " <= " + dev.mayabench.stage.Durations.latency(max);
    }

    /** {@code p99}, {@code p99.9}. */
    public String name() {
        return "p" + IoStats.format(percentile);
    }
}
