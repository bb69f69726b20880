package dev.mayabench.fio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The interval logs of one or more fio processes: per job an iops, a bandwidth and a histogram log (see
 * {@link TimelineLogs} for their names and columns), and where their time stamps put them.
 *
 * <p>fio stamps a log line with the end of its window, in milliseconds: from the job's start by default, or from
 * the Unix epoch with {@code log_unix_epoch=1} (axboe/fio HOWTO.rst, option {@code log_unix_epoch}: "fio will log
 * Unix timestamps to the log files ... instead of the default zero-based timestamps"; fio-3.33 {@code time.c}
 * {@code set_epoch_time} takes the wall clock when the job starts, and {@code libfio.c} {@code reset_all_stats}
 * takes it again after {@code ramp_time}, together with the zero-based epoch, so both kinds of stamp count from
 * the same instant). Pods write Unix stamps so that their logs share one time axis.
 *
 * <pre>{@code
 * IntervalLogs logs = IntervalLogs.besideOutput(Path.of("runs/randomRead-mb-x-0.json"));
 * Timeline timeline = Timeline.read(logs, logs.origin(Duration.ofSeconds(1)), Duration.ofSeconds(1));
 * }</pre>
 *
 * @param iops       the iops logs, one per job
 * @param bandwidth  the bandwidth logs
 * @param histograms the completion-latency histogram logs
 */
record IntervalLogs(List<Path> iops, List<Path> bandwidth, List<Path> histograms) {

    /**
     * Stamps at or above this (ms; 2001-09-09) are Unix stamps: a zero-based stamp that large would come from a
     * job that ran for 31 years.
     */
    static final long UNIX_STAMPS_FROM = 1_000_000_000_000L;

    IntervalLogs {
        iops = List.copyOf(iops);
        bandwidth = List.copyOf(bandwidth);
        histograms = List.copyOf(histograms);
    }

    /** The logs of the run {@code runName} in {@code runDirectory}; none when there are none. */
    static IntervalLogs of(Path runDirectory, String runName) {
        return new IntervalLogs(TimelineLogs.files(runDirectory, runName, TimelineLogs.IOPS),
                TimelineLogs.files(runDirectory, runName, TimelineLogs.BANDWIDTH),
                TimelineLogs.files(runDirectory, runName, TimelineLogs.HISTOGRAM));
    }

    /** The logs beside fio's JSON output {@code <dir>/<run>.json}. */
    static IntervalLogs besideOutput(Path json) {
        Path dir = json.toAbsolutePath().normalize().getParent();
        String file = json.getFileName().toString();
        return of(dir, file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file);
    }

    /** These logs and {@code other}'s together. */
    IntervalLogs plus(IntervalLogs other) {
        List<Path> i = new ArrayList<>(iops);
        List<Path> b = new ArrayList<>(bandwidth);
        List<Path> h = new ArrayList<>(histograms);
        i.addAll(other.iops);
        b.addAll(other.bandwidth);
        h.addAll(other.histograms);
        return new IntervalLogs(i, b, h);
    }

    boolean isEmpty() {
        return iops.isEmpty();
    }

    /**
     * What the logs measured: from the start of the earliest window (the first stamp less one interval) to the end
     * of the last window that every log has; empty without log lines. All kinds count at the start: fio writes a
     * job's histogram line up to about 10 ms before the iops line of the same window (seen with fio 3.33), and a
     * time axis that started after it would push that line out of the first interval. The end is the earliest last
     * line of all logs: at exit fio 3.33 writes a last window to some jobs' iops logs and not to others (and never
     * to the histogram logs), which would otherwise move the end by up to an interval at random.
     */
    Optional<Window> window(Duration interval) {
        long first = Long.MAX_VALUE;
        long last = Long.MAX_VALUE;
        List<Path> all = new ArrayList<>(iops);
        all.addAll(bandwidth);
        all.addAll(histograms);
        for (Path file : all) {
            List<String> lines = lines(file);
            if (lines.isEmpty()) {
                continue;
            }
            first = Math.min(first, stamp(lines.get(0), file));
            last = Math.min(last, stamp(lines.get(lines.size() - 1), file));
        }
        return first == Long.MAX_VALUE ? Optional.empty()
                : Optional.of(new Window(first - interval.toMillis(), last, first >= UNIX_STAMPS_FROM));
    }

    /**
     * Where this set of logs' time axis starts: 0 for zero-based stamps (each job counts from its own start), the
     * start of the earliest window for Unix stamps.
     */
    long origin(Duration interval) {
        return window(interval).filter(Window::unixStamped).map(Window::from).orElse(0L);
    }

    /**
     * A measured window in the logs' own stamps (ms).
     *
     * @param from        the start of the first window
     * @param to          the end of the last window
     * @param unixStamped whether the stamps are Unix time ({@code log_unix_epoch=1})
     */
    record Window(long from, long to, boolean unixStamped) {

        long length() {
            return Math.max(0, to - from);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fio's interval log " + file + ": " + e.getMessage(), e);
        }
    }

    private static long stamp(String line, Path file) {
        String first = line.split(",", 2)[0].strip();
        try {
            return Long.parseLong(first);
        } catch (NumberFormatException e) {
            throw new FioOutputException("fio's interval log " + file + " has a line that does not start with a time "
                    + "stamp in ms: " + line, e);
        }
    }
}
