package dev.mayabench.fio;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The width of the intervals of a run's time-series logs ({@code @Fio(logInterval)}, {@code mayabench.fio.logInterval}):
 * a fio time such as {@code 1s} or {@code 500ms}, or {@code off} (also {@code 0}) for no interval logs at all.
 *
 * <pre>{@code
 * LogInterval.parse(new SourcedValue("500ms", "@Fio(logInterval)"));   // Optional[PT0.5S]
 * LogInterval.parse(new SourcedValue("off", "@Fio(logInterval)"));     // Optional.empty(): no logs
 * }</pre>
 *
 * <p>What fio accepts (axboe/fio HOWTO.rst, {@code log_avg_msec} and {@code log_hist_msec}; options.c declares both
 * {@code FIO_OPT_INT}, whole milliseconds): any whole number of milliseconds; {@code 0} is not "off" in fio but
 * "log every I/O" for {@code log_avg_msec} and "no histograms" for {@code log_hist_msec}, so mayabench spells "off"
 * as not writing the logs. The smallest interval mayabench accepts is {@link #MINIMUM}, larger than fio's 1 ms,
 * because {@link Timeline} puts each log line into the interval whose end is nearest its time stamp, and fio stamps
 * a line with the moment its helper thread (stat.c {@code calc_log_samples}, {@code __add_samples}) or the next
 * completion (stat.c {@code add_clat_sample}, for histograms) got to it: measured here with fio 3.33, 2 jobs,
 * lines came 10 to 40 ms after their window's end (first iops line at 114 ms for a 10 ms interval, 126/132 ms for
 * 100 ms), which at 10 ms puts lines of different jobs into different intervals. At 100 ms the lag stayed under half
 * the interval; a log that still has two lines of one job in one interval is refused by {@link Timeline}. Under load
 * fio's helper thread also skips a window now and then (60 s, 8 jobs, 100 ms: 7 of 600 windows without any job's
 * line, benchmark {@code LogIntervalCost}); {@link Timeline} leaves such windows out rather than read them as stalls.
 */
final class LogInterval {

    /** The shortest interval whose lines still land in their own interval (see the class comment). */
    static final Duration MINIMUM = Duration.ofMillis(100);

    /** fio's options are unsigned 32-bit milliseconds (thread_options.h {@code unsigned int log_avg_msec}). */
    static final Duration MAXIMUM = Duration.ofMillis(0xFFFF_FFFFL);

    static final String ALLOWED = "a fio time from 100ms (e.g. 100ms, 500ms, 1s, 5s), or off (also 0) for no "
            + "interval logs";

    private LogInterval() {
    }

    /**
     * The interval, or empty for {@code off}.
     *
     * @throws ConfigurationException naming the setting, the value, what is allowed and a fix
     */
    static Optional<Duration> parse(SourcedValue value) {
        String text = value.value().trim().toLowerCase(Locale.ROOT);
        if (text.equals("off") || text.equals("0") || text.equals("false") || text.equals("none")) {
            return Optional.empty();
        }
        Optional<Duration> parsed = FioTime.parse(text);
        if (parsed.isEmpty()) {
            String fix = FioTime.suggestion(text).map(s -> "did you mean '" + s + "'?")
                    .orElse("write e.g. 500ms or 1s, or off");
            throw new ConfigurationException(new Problem(value.origin(), value.value(), ALLOWED, fix));
        }
        Duration interval = parsed.get();
        if (interval.toNanos() % 1_000_000 != 0) {
            throw new ConfigurationException(new Problem(value.origin(), value.value(), ALLOWED,
                    "fio logs in whole milliseconds (log_avg_msec); write e.g. "
                            + Math.max(MINIMUM.toMillis(), interval.toMillis()) + "ms"));
        }
        if (interval.compareTo(MINIMUM) < 0) {
            throw new ConfigurationException(new Problem(value.origin(), value.value(), ALLOWED,
                    "use 100ms or more: below that fio stamps its log lines too late for them to land in their own "
                            + "interval; or off for no interval logs"));
        }
        if (interval.compareTo(MAXIMUM) > 0) {
            throw new ConfigurationException(new Problem(value.origin(), value.value(), ALLOWED,
                    "fio's log_avg_msec is at most " + MAXIMUM.toMillis() + " ms; write e.g. 1m"));
        }
        return Optional.of(interval);
    }

    /** As fio and the settings read it: {@code 500ms}, {@code 1s}, or {@code off}. */
    static String text(Optional<Duration> interval) {
        return interval.map(FioTime::format).orElse("off");
    }
}
