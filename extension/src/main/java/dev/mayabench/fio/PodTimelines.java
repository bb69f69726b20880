package dev.mayabench.fio;

import dev.mayabench.internal.log.MayabenchLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.slf4j.Logger;

/**
 * Results over time of a run of several fio pods: each pod's interval logs, stamped with Unix time
 * ({@code log_unix_epoch=1}), placed on one time axis, and the check that the pods really measured at the same time.
 *
 * <p>Why Unix stamps and not the pod's own start line ({@code mayabench: fio starts at <epoch s>}): the start
 * line has whole seconds and is printed before fio lays out its jobs, so it is up to a second (plus fio's start-up)
 * away from when the jobs started measuring; fio's Unix stamps are taken by fio itself when each job's measured
 * window starts (again after {@code ramp_time}), in milliseconds. Both rest on the nodes' clocks agreeing, which
 * they do to a few milliseconds under NTP/chrony, far below the 1 s interval.
 *
 * <p>The time axis starts at the earliest pod's first measured window; each pod's log lines go to the interval of
 * that axis in which their window ended, as fio's {@code tools/hist/fiologparser_hist.py} groups the lines of
 * several files (so the windows of a pod that started a fraction of a second after the first are counted up to one
 * interval early). An interval of the merged timeline is one that
 * every job of every pod logged: the seconds only some pods measured are what the pods did not do together, and the
 * {@code pods-not-overlapping} guardrail reports them instead of letting them pass as a drop in IOPS.
 *
 * <pre>{@code
 * String job = PodTimelines.withLogOptions(jobText, "${MAYABENCH_RESULTS}/" + PodTimelines.LOG_PREFIX);
 * // ... the pod runs it; its logs come back as fio_iops.1.log, fio_clat_hist.1.log, ...
 * Path saved = dir.resolve(PodTimelines.savedName("randomRead-mb-x-0", "fio_iops.1.log"));
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class PodTimelines {

    private static final Logger LOG = MayabenchLog.of(PodTimelines.class);

    /** The file name prefix of the interval logs inside a pod: {@code fio_iops.<n>.log}, ... */
    public static final String LOG_PREFIX = "fio";
    /**
     * Below this share of the whole run (from the first pod's start to the last pod's end) during which all pods
     * measured, the summed figures are not what the pods did together.
     */
    static final double MIN_OVERLAP = 0.9;

    private static final Pattern POD_LOG = Pattern.compile(Pattern.quote(LOG_PREFIX)
            + "_(" + TimelineLogs.IOPS + "|" + TimelineLogs.BANDWIDTH + "|" + TimelineLogs.HISTOGRAM + ")\\.\\d{1,6}\\.log");

    private PodTimelines() {
    }

    /**
     * The pod's job file: fio also writes its interval logs under {@code prefix} (a path fio expands, e.g.
     * {@code ${MAYABENCH_RESULTS}/fio}), with Unix time stamps.
     */
    public static String withLogOptions(String jobText, String prefix, Duration interval) {
        return TimelineLogs.withLogOptions(jobText, prefix, interval, true);
    }

    /**
     * The interval the pods' logs were written with, from the options fio echoes in each pod's JSON output (as
     * {@link Timeline#besideOutput} does for one run); none, with the reason, when logging was off or the pods
     * disagree.
     */
    private static TimelineLogs.Asked interval(Map<String, Path> outputs) {
        Optional<Duration> common = Optional.empty();
        for (Map.Entry<String, Path> pod : outputs.entrySet()) {
            TimelineLogs.Asked asked = Files.isRegularFile(pod.getValue()) ? TimelineLogs.asked(pod.getValue())
                    : new TimelineLogs.Asked(Optional.empty(), "its fio output " + pod.getValue() + " is missing");
            if (asked.interval().isEmpty()) {
                return new TimelineLogs.Asked(Optional.empty(), "pod " + pod.getKey() + ": " + asked.whyNot());
            }
            if (common.isPresent() && !common.equals(asked.interval())) {
                return new TimelineLogs.Asked(Optional.empty(), "pod " + pod.getKey() + " logged every "
                        + asked.interval().get().toMillis() + " ms, another pod every " + common.get().toMillis()
                        + " ms; their intervals cannot be summed");
            }
            common = asked.interval();
        }
        return new TimelineLogs.Asked(common, common.isPresent() ? "" : "no pods");
    }

    /** Whether a file name is one of the interval logs a pod writes (and nothing else, e.g. no path). */
    public static boolean isPodLog(String fileName) {
        return POD_LOG.matcher(fileName).matches();
    }

    /**
     * The name under which a pod's log is kept beside the pod's JSON output {@code <stem>.json}, so that
     * {@link FioResult#timeline()} finds it: {@code fio_iops.1.log} → {@code <stem>_iops.1.log}.
     */
    public static String savedName(String stem, String podLogName) {
        if (!isPodLog(podLogName)) {
            throw new IllegalArgumentException("not an interval log of a fio pod: " + podLogName);
        }
        return stem + podLogName.substring(LOG_PREFIX.length());
    }

    /** Deletes the logs an earlier run left beside {@code <stem>.json} (they would be summed in). */
    public static void deleteSaved(Path directory, String stem) {
        TimelineLogs.deleteStale(directory, stem);
    }

    /**
     * The interval logs of one run of several pods, read and placed on the run's time axis once, on first use, and
     * shared by the merged result, each pod's result ({@link FioResult#pods()}) and the {@code pods-not-overlapping}
     * guardrail: each of those used to read and parse every pod's logs again, N + 2 times for N pods.
     */
    static final class Run {

        private final Map<String, Path> outputs;
        private volatile Measured measured;

        /** @param outputs pod name → its saved JSON output, beside which are its interval logs */
        Run(Map<String, Path> outputs) {
            this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }

        static Run of(Map<String, Path> outputs) {
            return new Run(outputs);
        }

        Map<String, Path> outputs() {
            return outputs;
        }

        Measured measured() {
            Measured read = measured;
            if (read == null) {
                read = Measured.of(outputs);
                measured = read;
            }
            return read;
        }
    }

    /**
     * What the pods' logs say: the interval they were written with and each pod's logs and measured window, or why
     * there is no common time axis ({@code windows} empty: a pod without logs, or without Unix stamps).
     */
    record Measured(Optional<Duration> interval, String whyNot, Map<String, IntervalLogs> logs,
                    Optional<Map<String, IntervalLogs.Window>> windows) {

        static Measured of(Map<String, Path> outputs) {
            TimelineLogs.Asked asked = PodTimelines.interval(outputs);
            if (asked.interval().isEmpty()) {
                return new Measured(Optional.empty(), asked.whyNot(), Map.of(), Optional.empty());
            }
            Duration interval = asked.interval().get();
            Map<String, IntervalLogs> logs = new LinkedHashMap<>();
            outputs.forEach((pod, json) -> logs.put(pod, IntervalLogs.besideOutput(json)));
            Map<String, IntervalLogs.Window> windows = new LinkedHashMap<>();
            for (Map.Entry<String, IntervalLogs> pod : logs.entrySet()) {
                Optional<IntervalLogs.Window> window = pod.getValue().window(interval);
                if (window.isEmpty() || !window.get().unixStamped()) {
                    String why = "pod " + pod.getKey() + " " + (window.isEmpty() ? "brought back no interval logs"
                            : "has interval logs without Unix time stamps (log_unix_epoch), which cannot be put on "
                            + "the time axis of the other pods");
                    LOG.warn("no timeline for the pods {}: {}; the figures over the whole run are not affected",
                            outputs.keySet(), why);
                    return new Measured(asked.interval(), why, logs, Optional.empty());
                }
                windows.put(pod.getKey(), window.get());
            }
            return new Measured(asked.interval(), "", logs, Optional.of(windows));
        }
    }

    /**
     * The timeline of {@code pods} (some or all of the run's), on the time axis of the whole run. Empty when a pod of
     * the run has no logs or logs without Unix stamps: the total would silently leave that pod out, or put it on its
     * own time axis.
     */
    static Timeline timeline(Run run, Collection<String> pods) {
        Measured measured = run.measured();
        if (measured.interval().isEmpty()) {
            return Timeline.notRecorded(measured.whyNot());
        }
        if (measured.windows().isEmpty()) {
            return Timeline.empty();
        }
        long origin = measured.windows().get().values().stream().mapToLong(IntervalLogs.Window::from).min().orElse(0);
        IntervalLogs selected = new IntervalLogs(List.of(), List.of(), List.of());
        for (String pod : pods) {
            IntervalLogs own = measured.logs().get(pod);
            if (own == null) {
                return Timeline.empty();
            }
            selected = selected.plus(own);
        }
        return Timeline.read(selected, origin, measured.interval().get());
    }

    /**
     * The {@code pods-not-overlapping} guardrail's message, if it is a finding: from each pod's logs, its measured
     * window; from those, the common window and its share of the whole run. Nothing when the result is not of
     * several pods with Unix-stamped logs.
     */
    static Optional<String> overlap(Run run) {
        if (run.outputs().size() < 2) {
            return Optional.empty();
        }
        Measured measured = run.measured();
        if (measured.interval().isEmpty() || measured.windows().isEmpty()) {
            return Optional.empty();
        }
        Overlap overlap = Overlap.of(measured.windows().get());
        // the first window's start is inferred (first stamp less one interval): a gap shorter than an interval
        // is below what the logs can tell
        if (overlap.fraction() >= MIN_OVERLAP
                || overlap.span() - overlap.common() <= measured.interval().get().toMillis()) {
            return Optional.empty();
        }
        return Optional.of(overlap.describe());
    }

    /** How the pods' measured windows (ms, Unix time) overlap. */
    record Overlap(Map<String, IntervalLogs.Window> windows, long start, long end, long commonFrom, long commonTo) {

        static Overlap of(Map<String, IntervalLogs.Window> windows) {
            long start = windows.values().stream().mapToLong(IntervalLogs.Window::from).min().orElseThrow();
            long end = windows.values().stream().mapToLong(IntervalLogs.Window::to).max().orElseThrow();
            long commonFrom = windows.values().stream().mapToLong(IntervalLogs.Window::from).max().orElseThrow();
            long commonTo = windows.values().stream().mapToLong(IntervalLogs.Window::to).min().orElseThrow();
            return new Overlap(Map.copyOf(windows), start, end, commonFrom, commonTo);
        }

        /** From the first pod's start to the last pod's end, ms. */
        long span() {
            return end - start;
        }

        /** How long all pods measured together, ms. */
        long common() {
            return Math.max(0, commonTo - commonFrom);
        }

        double fraction() {
            return span() <= 0 ? 1 : (double) common() / span();
        }

        String describe() {
            List<String> pods = new ArrayList<>();
            windows.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> pods.add(String.format(
                    Locale.ROOT, "%s %.1f-%.1f s", e.getKey(), (e.getValue().from() - start) / 1000.0,
                    (e.getValue().to() - start) / 1000.0)));
            return String.format(Locale.ROOT, "the fio pods measured together for only %.0f%% of the run (%.1f s of "
                    + "%.1f s; at least %.0f%% expected): %s (seconds from %s, from their interval logs); the summed "
                    + "IOPS and bandwidth are not what the pods did together and the timeline leaves out the seconds "
                    + "only some pods measured. A kubelet projected the start signal late, a pod's data layout or "
                    + "fio start-up took longer, or the nodes' clocks differ: check time sync on the nodes "
                    + "(chronyc tracking), and run longer (runtime) so that start-up is a small part of the run",
                    fraction() * 100, common() / 1000.0, span() / 1000.0, MIN_OVERLAP * 100, String.join(", ", pods),
                    Instant.ofEpochMilli(start));
        }
    }
}
