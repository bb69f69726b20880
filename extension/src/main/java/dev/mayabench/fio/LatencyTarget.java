package dev.mayabench.fio;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * fio's own search for the deepest queue that keeps a latency target ({@code latency_target},
 * {@code latency_window}, {@code latency_percentile}; fio(1) "I/O latency", HOWTO.rst of axboe/fio). fio starts
 * each job at depth 1 and, after every window, doubles the depth while at least {@code percentile}% of the I/Os
 * of that window completed within the target, then bisects between the last good and the first bad depth
 * (axboe/fio io_u.c {@code lat_target_check}, {@code lat_target_success}, {@code __lat_target_failed}); the job's
 * {@code iodepth} is the upper bound. Once the depth stops changing, fio resets the job's statistics, runs one more
 * window at that depth and ends the job ({@code latency_run=0}, fio's default), so the figures it reports are
 * those of the depth it found. fio judges the total latency of each I/O (submission to completion, io_u.c
 * {@code account_io_completion}), per job.
 *
 * <p>Differs from a sweep: a sweep measures fixed depths, each for the full runtime, and draws the curve; here fio
 * adapts the depth inside one run and reports one figure, which depends on the window (a short window judges few
 * I/Os and wanders; a long one needs a long runtime to settle).
 *
 * <pre>{@code
 * LatencyTarget target = LatencyTarget.of(Duration.ofMillis(1), 99.0, Duration.ofSeconds(1));
 * FioJob job = FioJob.profile("randread-4k").withLatencyTarget(target, "my test");
 * }</pre>
 *
 * @param target     the latency at most {@code percentile}% of the I/Os of a window may take
 * @param percentile the share of I/Os that must meet the target, above 0 and at most 100; at 100 (fio's default)
 *                   fio ends the job with an error ({@code ETIMEDOUT}) when one I/O misses the target at depth 1
 * @param window     how long fio runs each depth before judging it
 */
@API(status = API.Status.EXPERIMENTAL)
public record LatencyTarget(Duration target, double percentile, Duration window) {

    public LatencyTarget {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(window, "window");
    }

    /** A target from Java values, checked like {@link #parse}. */
    public static LatencyTarget of(Duration target, double percentile, Duration window) {
        return parse(new SourcedValue(FioTime.format(target), "latencyTarget"), percentile,
                new SourcedValue(FioTime.format(window), "latencyWindow"), "LatencyTarget.of");
    }

    /**
     * A target as written in {@code @FioSweep}: fio times ({@code "1ms"}, {@code "500us"}, {@code "2s"}).
     *
     * @param origin where it is written, for errors ({@code "on MyTest#search"})
     * @throws ConfigurationException listing every problem: a target or window that is not a whole fio time of at
     *                                least 1 µs, a missing window (fio has no default, and would judge after every
     *                                I/O), a percentile outside (0, 100]
     */
    public static LatencyTarget parse(SourcedValue target, double percentile, SourcedValue window, String origin) {
        List<Problem> problems = new ArrayList<>();
        Duration t = time(target, "latencyTarget", "1ms", origin, problems);
        Duration w = null;
        if (window == null || window.value().isBlank()) {
            problems.add(new Problem("@FioSweep(latencyWindow)", null, "a fio time such as 1s",
                    "give the window, e.g. latencyWindow = \"1s\": fio has no default and would judge the depth after "
                            + "every single I/O", origin));
        } else {
            w = time(window, "latencyWindow", "1s", origin, problems);
        }
        if (!(percentile > 0 && percentile <= 100)) {
            problems.add(new Problem("@FioSweep(latencyPercentile)", Double.toString(percentile),
                    "a percentage above 0 and at most 100", "write e.g. latencyPercentile = 99.0", origin));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new LatencyTarget(t, percentile, w);
    }

    private static Duration time(SourcedValue value, String name, String example, String origin,
                                 List<Problem> problems) {
        var parsed = FioTime.parse(value.value());
        if (parsed.isPresent() && !parsed.get().isZero()) {
            return parsed.get();
        }
        problems.add(new Problem("@FioSweep(" + name + ")", value.value(), FioTime.ALLOWED + ", more than 0",
                FioTime.suggestion(value.value()).map(s -> "did you mean '" + s + "'?")
                        .orElse("write e.g. " + name + " = \"" + example + "\""), origin));
        return null;
    }

    /**
     * The options for the job file. Times go with a unit: a bare number would be microseconds to fio here
     * (fio(1): "When the unit is omitted, the value is interpreted in microseconds") but seconds elsewhere.
     */
    public Map<String, String> fioOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("latency_target", micros(target));
        options.put("latency_window", micros(window));
        options.put("latency_percentile", String.format(Locale.ROOT, "%s", percentile));
        return options;
    }

    private static String micros(Duration d) {
        return d.toNanos() / 1000 + "us";
    }

    /** {@code p99 <= 1.000 ms over 1.0 s windows}. */
    @Override
    public String toString() {
        return "p" + IoStats.format(percentile) + " <= " + dev.mayabench.stage.Durations.latency(target) + " over "
                + dev.mayabench.stage.Durations.human(window) + " windows";
    }
}
