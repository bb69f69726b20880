package dev.mayabench.fio;

import dev.mayabench.stage.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * A run's results over time: per interval (default 1 s) and direction, the IOPS and bandwidth summed across
 * jobs, and latency percentiles from the completion-latency histogram bins of that interval summed across jobs
 * (never an average of percentiles). Read from fio's interval logs ({@code write_iops_log}, {@code write_bw_log},
 * {@code write_hist_log}), which every local run records next to its JSON output, and every fio pod too (merged
 * across pods on one time axis, see {@link FioResult#timeline()}).
 *
 * <pre>{@code
 * Timeline timeline = result.timeline();
 * for (Timeline.Interval second : timeline.read()) {
 *     System.out.printf("%s: %.0f IOPS, p99 %s%n", second.start(), second.iops(), second.p99().orElse(null));
 * }
 * assertThat(result).timeline().p99().isAtMostEverywhere(Duration.ofMillis(5));
 * }</pre>
 *
 * A result without interval logs (stored before they were recorded, or a baseline file) has an empty timeline.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Timeline {

    private static final Timeline EMPTY = new Timeline(TimelineLogs.DEFAULT_INTERVAL, Map.of(), null);

    /** fio's data direction column: 0 read, 1 write, 2 trim (HOWTO.rst, "Log File Formats"). */
    private static final List<String> DIRECTIONS = List.of("read", "write", "trim");

    private final Duration interval;
    private final Map<String, List<Interval>> byDirection;
    /** Why there are no intervals, when that is known from the run itself; {@code null} otherwise. */
    private final String whyEmpty;

    private Timeline(Duration interval, Map<String, List<Interval>> byDirection, String whyEmpty) {
        this.interval = interval;
        this.byDirection = byDirection;
        this.whyEmpty = whyEmpty;
    }

    /** An empty timeline, and why the run has none (logging off, logs that cannot be merged). */
    static Timeline notRecorded(String why) {
        return new Timeline(TimelineLogs.DEFAULT_INTERVAL, Map.of(), why);
    }

    /** A timeline with no intervals. */
    public static Timeline empty() {
        return EMPTY;
    }

    /**
     * The timeline of the run whose fio JSON output is {@code json} ({@code <dir>/<run>.json}): from the logs
     * {@code <dir>/<run>_iops.<n>.log}, {@code _bw.<n>.log} and {@code _clat_hist.<n>.log} of all jobs; empty when
     * there are none.
     */
    public static Timeline besideOutput(Path json) {
        Path dir = json.toAbsolutePath().normalize().getParent();
        String file = json.getFileName().toString();
        String runName = file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file;
        if (!Files.isRegularFile(json)) {
            return EMPTY;
        }
        // the interval the logs were written with, from the options fio echoes in this very output: a result read
        // back later, or written with another interval than today's setting, is still cut into the right intervals
        TimelineLogs.Asked asked = TimelineLogs.asked(json);
        if (asked.interval().isEmpty()) {
            return notRecorded(asked.whyNot());
        }
        return read(dir, runName, asked.interval().get());
    }

    static Timeline read(Path runDirectory, String runName, Duration interval) {
        if (runDirectory == null) {
            return EMPTY;
        }
        IntervalLogs logs = IntervalLogs.of(runDirectory, runName);
        return read(logs, logs.origin(interval), interval);
    }

    /**
     * The timeline of {@code logs} (of one or several fio processes), its intervals counted from
     * {@code originMsec} in the logs' own stamps (0 for zero-based stamps; a common instant for Unix stamps, so
     * that the logs of several pods share one time axis).
     */
    static Timeline read(IntervalLogs logs, long originMsec, Duration interval) {
        long msec = interval.toMillis();
        // direction -> interval index -> sums over all jobs
        Map<String, TreeMap<Long, double[]>> rates = new TreeMap<>();
        // direction -> interval index -> the jobs whose iops log has a line for it
        Map<String, TreeMap<Long, Set<Path>>> loggedBy = new TreeMap<>();
        Map<String, Set<Path>> jobsOf = new TreeMap<>();
        for (Path file : logs.iops()) {
            Map<String, Long> lastIndex = new TreeMap<>();
            for (long[] row : sumRates(file, msec, originMsec, rates, 0)) {
                String direction = direction(row[2], file);
                long index = indexOf(row[0] - originMsec, msec);
                Long last = lastIndex.put(direction, index);
                if (last != null && last >= index) {
                    // two lines of one job in one interval would be summed as if they were two jobs: refuse
                    return notRecorded("fio's log " + file.getFileName() + " has two " + direction + " lines in the "
                            + Durations.human(interval) + " interval that starts at "
                            + Durations.human(Duration.ofMillis(index * msec)) + " (its lines are stamped up to "
                            + "tens of ms after their window ends); use a longer log interval, e.g. "
                            + "@Fio(logInterval = \"1s\")");
                }
                jobsOf.computeIfAbsent(direction, d -> new HashSet<>()).add(file);
                loggedBy.computeIfAbsent(direction, d -> new TreeMap<>())
                        .computeIfAbsent(index, i -> new HashSet<>()).add(file);
            }
        }
        for (Path file : logs.bandwidth()) {
            sumRates(file, msec, originMsec, rates, 1);
        }
        Map<String, TreeMap<Long, long[]>> bins = new TreeMap<>();
        // direction -> interval index -> the jobs (see jobOf) whose histogram log has completions in it
        Map<String, Map<Long, Set<String>>> completedBy = new TreeMap<>();
        for (Path file : logs.histograms()) {
            sumBins(file, msec, originMsec, bins, completedBy);
        }
        Map<String, List<Interval>> byDirection = new TreeMap<>();
        for (String direction : DIRECTIONS) {
            TreeMap<Long, double[]> r = rates.getOrDefault(direction, new TreeMap<>());
            TreeMap<Long, long[]> h = bins.getOrDefault(direction, new TreeMap<>());
            // From the first to the last interval every job logged. Outside that span a missing line means a job
            // had not started or had stopped: at exit fio may write a last, partial window for some jobs and not
            // for others (seen with fio 3.33: one job's log ends at 2000 ms, the other's at 3001 ms), and a sum over
            // part of the jobs would read as a drop in IOPS. Inside it a missing line is a stall: fio writes no
            // iops/bw line for a window in which a job completed nothing (axboe/fio stat.c __add_samples, "No
            // entries for interval"), so that job counts 0 there; dropping the window would hide the very stall a
            // timeline is for. (A helper thread late by a whole window also leaves a gap, its next line averaging
            // both windows; that shows as a dip then a normal window, on the side of showing rather than hiding.)
            // But fio's one helper thread writes the iops lines of all jobs; when it wakes a window late, every job
            // misses that window's line and the next line averages over both (stat.c __add_samples: the rate is over
            // the time since the last sample). Seen at 100 ms with 8 jobs under load: 7 windows of 600 without any
            // job's line. The histogram lines are written by the jobs themselves at their completions (stat.c
            // add_clat_sample), so a job that has completions in a window without its iops line was not stalled:
            // such a window is left out (its IOPS are not known), and only a window without completions is a stall.
            // Jobs whose histogram windows happen to put no stamp inside the window still read as a stall there.
            // Histogram lines alone make no interval.
            Set<Path> jobs = jobsOf.getOrDefault(direction, Set.of());
            TreeMap<Long, Set<Path>> logged = loggedBy.getOrDefault(direction, new TreeMap<>());
            Map<Long, Set<String>> completed = completedBy.getOrDefault(direction, Map.of());
            List<Long> everyJob = logged.entrySet().stream()
                    .filter(l -> l.getValue().containsAll(jobs)).map(Map.Entry::getKey).toList();
            List<Interval> intervals = new ArrayList<>();
            for (long index = everyJob.isEmpty() ? 0 : everyJob.get(0);
                 !everyJob.isEmpty() && index <= everyJob.get(everyJob.size() - 1); index++) {
                Set<Path> loggedHere = logged.getOrDefault(index, Set.of());
                Set<String> completedHere = completed.getOrDefault(index, Set.of());
                if (jobs.stream().anyMatch(job -> !loggedHere.contains(job) && completedHere.contains(jobOf(job)))) {
                    continue;
                }
                double[] rate = r.getOrDefault(index, new double[2]);
                long[] hist = h.get(index);
                intervals.add(new Interval(direction, Duration.ofMillis(index * msec), interval, rate[0], rate[1],
                        hist == null ? null : histogram(hist)));
            }
            if (!intervals.isEmpty()) {
                byDirection.put(direction, Collections.unmodifiableList(intervals));
            }
        }
        return byDirection.isEmpty() ? EMPTY : new Timeline(interval, Collections.unmodifiableMap(byDirection), null);
    }

    /**
     * Which interval a log line belongs to, by the rule of fio's own {@code tools/hist/fiologparser_hist.py}
     * (output_interval_data: a line stamped ts goes to the first interval [start, end) with ts + 10 < end, "shift
     * sample time when very close to an end time"), labelled by the window the line measured: fio stamps a line with
     * the end of its window (1000, 2000, ... ms, a few ms late when it is busy, about 1 ms more per window), so the
     * line stamped 1000 is interval 0. Lines of pods whose windows end at other fractions of a second go to the
     * interval in which their window ended, as with fio's tool.
     */
    static long indexOf(long timeMsec, long intervalMsec) {
        return Math.max(0, Math.floorDiv(timeMsec + 10, intervalMsec) - 1);
    }

    /** iops/bw log: time (msec), value, data direction, block size, offset[, priority]. */
    private static List<long[]> sumRates(Path file, long msec, long originMsec,
                                         Map<String, TreeMap<Long, double[]>> sums, int column) {
        List<long[]> rows = rows(file, 3);
        for (long[] row : rows) {
            String direction = direction(row[2], file);
            sums.computeIfAbsent(direction, d -> new TreeMap<>())
                    .computeIfAbsent(indexOf(row[0] - originMsec, msec), i -> new double[2])[column] += row[1];
        }
        return rows;
    }

    /** Histogram log: time (msec), data direction, block size, then one count per latency bin. */
    private static void sumBins(Path file, long msec, long originMsec, Map<String, TreeMap<Long, long[]>> sums,
                                Map<String, Map<Long, Set<String>>> completedBy) {
        for (long[] row : rows(file, 4)) {
            String direction = direction(row[1], file);
            int n = row.length - 3;
            long index = indexOf(row[0] - originMsec, msec);
            long[] sum = sums.computeIfAbsent(direction, d -> new TreeMap<>())
                    .computeIfAbsent(index, i -> new long[n]);
            // A histogram line is stamped with the completion that made fio write it (stat.c add_clat_sample), so
            // the job completed I/O inside the window that holds the stamp: floor, not the window indexOf gives
            // the line. (Its bins may be older: after a pause the first line holds the completions from before it.)
            for (int i = 3; i < row.length; i++) {
                if (row[i] != 0) {
                    completedBy.computeIfAbsent(direction, d -> new TreeMap<>())
                            .computeIfAbsent(Math.floorDiv(row[0] - originMsec, msec), i2 -> new HashSet<>())
                            .add(jobOf(file));
                    break;
                }
            }
            if (sum.length != n) {
                throw new FioOutputException("fio's histogram log " + file + " has " + n + " latency bins in a line "
                        + "where the other logs of this run have " + sum.length + "; were they written by different "
                        + "fio versions or with different log_hist_coarseness?");
            }
            for (int i = 0; i < n; i++) {
                sum[i] += row[3 + i];
            }
        }
    }

    /** The job a log belongs to, the same for its iops, bw and histogram log: {@code run.2} for {@code run_iops.2.log}. */
    private static String jobOf(Path log) {
        String name = log.getFileName().toString();
        for (String kind : List.of(TimelineLogs.IOPS, TimelineLogs.BANDWIDTH, TimelineLogs.HISTOGRAM)) {
            String infix = "_" + kind + ".";
            int at = name.lastIndexOf(infix);
            if (at >= 0) {
                return name.substring(0, at) + "." + name.substring(at + infix.length());
            }
        }
        return name;
    }

    private static String direction(long code, Path file) {
        if (code < 0 || code >= DIRECTIONS.size()) {
            throw new FioOutputException("fio's interval log " + file + " names data direction " + code
                    + "; fio writes 0 (read), 1 (write) or 2 (trim)");
        }
        return DIRECTIONS.get((int) code);
    }

    private static List<long[]> rows(Path file, int minColumns) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fio's interval log " + file + ": " + e.getMessage(), e);
        }
        List<long[]> rows = new ArrayList<>(lines.size());
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length < minColumns) {
                throw new FioOutputException("fio's interval log " + file + " line " + (n + 1) + " has "
                        + cells.length + " columns, fewer than the " + minColumns + " fio writes: " + line);
            }
            long[] row = new long[cells.length];
            try {
                for (int i = 0; i < cells.length; i++) {
                    row[i] = Long.parseLong(cells[i].strip());
                }
            } catch (NumberFormatException e) {
                throw new FioOutputException("fio's interval log " + file + " line " + (n + 1)
                        + " is not a list of whole numbers: " + line, e);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Bin index to latency, as fio maps it for json+ and percentiles. */
    private static LatencyHistogram histogram(long[] counts) {
        Map<Long, Long> bins = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                bins.merge(binValue(i), counts[i], Long::sum);
            }
        }
        return new LatencyHistogram(bins);
    }

    /**
     * fio's stat.c plat_idx_to_val (FIO_IO_U_PLAT_BITS 6, FIO_IO_U_PLAT_VAL 64 in stat.h): the first 128 bins hold
     * one nanosecond value each; after that, group g has 64 bins of width 2^(g-1), and a bin stands for its middle.
     * The C code returns that middle as an unsigned long long, so the fraction is cut off as here. Histogram logs
     * are written with log_hist_coarseness 0 (the default, not set by mayabench), so a log column is a bin index.
     */
    static long binValue(int index) {
        final int bits = 6;
        final int val = 1 << bits;
        if (index < (val << 1)) {
            return index;
        }
        int errorBits = (index >> bits) - 1;
        long base = 1L << (errorBits + bits);
        int k = index % val;
        return base + (long) ((k + 0.5) * (1L << errorBits));
    }

    /** The width of the interval, as the logs were written. */
    public Duration interval() {
        return interval;
    }

    /** Whether no interval was recorded (no logs, e.g. a result stored before timelines existed). */
    public boolean isEmpty() {
        return byDirection.isEmpty();
    }

    /**
     * Why this timeline is empty, when the run says so: the log interval was off ({@code @Fio(logInterval = "off")})
     * and how to turn it on, or the jobs logged at intervals that cannot be merged. Empty when the timeline has
     * intervals, or when nothing is known (no output file, no logs beside it).
     */
    public Optional<String> whyEmpty() {
        return isEmpty() ? Optional.ofNullable(whyEmpty) : Optional.empty();
    }

    /** The read intervals, in time order; empty when the run did no reads. */
    public List<Interval> read() {
        return byDirection.getOrDefault("read", List.of());
    }

    /** The write intervals, in time order; empty when the run did no writes. */
    public List<Interval> write() {
        return byDirection.getOrDefault("write", List.of());
    }

    /** The trim intervals, in time order. */
    public List<Interval> trim() {
        return byDirection.getOrDefault("trim", List.of());
    }

    /** All intervals of every direction that did I/O: read first, then write, then trim. */
    public List<Interval> all() {
        List<Interval> all = new ArrayList<>();
        DIRECTIONS.forEach(d -> all.addAll(byDirection.getOrDefault(d, List.of())));
        return all;
    }

    /**
     * Total IOPS of all directions per interval start, in time order: what "no interval below half the median" is
     * about when a job mixes reads and writes.
     */
    public Map<Duration, Double> totalIops() {
        Map<Duration, Double> total = new TreeMap<>();
        all().forEach(i -> total.merge(i.start(), i.iops(), Double::sum));
        return Collections.unmodifiableMap(total);
    }

    @Override
    public String toString() {
        return isEmpty() ? "empty timeline" : "timeline of " + interval + " intervals: " + byDirection.keySet();
    }

    /**
     * One interval of one direction, summed over all jobs.
     *
     * <pre>{@code
     * Timeline.Interval first = result.timeline().write().get(0);
     * Duration p99 = first.percentile(99).orElseThrow();   // empty when no write completed in this second
     * }</pre>
     */
    @API(status = API.Status.EXPERIMENTAL)
    public static final class Interval {

        private final String direction;
        private final Duration start;
        private final Duration length;
        private final double iops;
        private final double kibPerSecond;
        private final LatencyHistogram latencies;

        Interval(String direction, Duration start, Duration length, double iops, double kibPerSecond,
                 LatencyHistogram latencies) {
            this.direction = direction;
            this.start = start;
            this.length = length;
            this.iops = iops;
            this.kibPerSecond = kibPerSecond;
            this.latencies = latencies;
        }

        /** {@code read}, {@code write} or {@code trim}. */
        public String direction() {
            return direction;
        }

        /** When the interval starts, from the start of the run. */
        public Duration start() {
            return start;
        }

        /** How long the interval is. */
        public Duration length() {
            return length;
        }

        /** I/O per second in this interval, summed over all jobs (fio's iops log, averaged over the interval). */
        public double iops() {
            return iops;
        }

        /** Bandwidth in KiB/s in this interval, summed over all jobs (fio's bw log is in KiB/s). */
        public double kibPerSecond() {
            return kibPerSecond;
        }

        /** Bandwidth in MiB/s. */
        public double mibPerSecond() {
            return kibPerSecond / 1024.0;
        }

        /** How many I/O completed in this interval, from the histogram log. */
        public long completions() {
            return latencies == null ? 0 : latencies.total();
        }

        /**
         * The completion-latency percentile of this interval, from the bins of all jobs summed, by fio's own rule
         * (the first bin whose cumulative count reaches p% of the total); empty when no I/O completed.
         */
        public Optional<Duration> percentile(double percentile) {
            if (!(percentile > 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile " + percentile + " is outside (0, 100]; "
                        + "write e.g. 99 for p99 or 99.9 for p99.9");
            }
            return completions() == 0 ? Optional.empty() : Optional.of(latencies.percentile(percentile));
        }

        /** {@code percentile(99)}. */
        public Optional<Duration> p99() {
            return percentile(99);
        }

        @Override
        public String toString() {
            return direction + " " + Durations.human(start) + ": " + Math.round(iops) + " IOPS, "
                    + String.format(java.util.Locale.ROOT, "%.1f", mibPerSecond()) + " MiB/s"
                    + p99().map(p -> ", p99 " + Durations.latency(p)).orElse("");
        }
    }
}
