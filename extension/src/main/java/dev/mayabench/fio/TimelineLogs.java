package dev.mayabench.fio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mayabench.internal.log.MayabenchLog;
import org.slf4j.Logger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * fio's per-interval logs of one run, written next to its JSON output: {@code <run>_iops.<n>.log},
 * {@code <run>_bw.<n>.log} and {@code <run>_clat_hist.<n>.log}, one file per job ({@code n} is fio's job number).
 *
 * <p>Facts from fio (axboe/fio, HOWTO.rst "Log File Formats" and the options {@code write_iops_log},
 * {@code write_bw_log}, {@code write_hist_log}, {@code log_avg_msec}, {@code log_hist_msec},
 * {@code per_job_logs}): the value of {@code write_*_log} is a file name prefix; with {@code per_job_logs=1} (the
 * default) fio appends {@code _iops.<n>.log}, {@code _bw.<n>.log} or {@code _clat_hist.<n>.log}; with
 * {@code log_avg_msec} each line is the average over that window (IOPS, or KiB/s for bandwidth); a histogram log
 * line holds the completion-latency bins of the I/O completed since the previous line (iolog.c, flush_hist_samples
 * writes the difference of two snapshots). Checked against fio 3.33 installed here: the file names above, 5 columns
 * in the iops/bw logs (newer fio adds a 6th, the priority, which is not read), and 3 + 1856 columns in the
 * histogram log (FIO_IO_U_PLAT_GROUP_NR 29 × FIO_IO_U_PLAT_VAL 64).
 */
final class TimelineLogs {

    private static final Logger LOG = MayabenchLog.of(TimelineLogs.class);

    /**
     * The default interval, 1 s, chosen from the figures of the benchmark {@code LogIntervalCost} (benchmarks module;
     * randread-4k, 4 jobs, libaio, direct, 10 s runs, logs off / 100 ms / 500 ms / 1 s alternating over 4 and 6
     * rounds on the development VM, 2026-12-03): no interval cost IOPS beyond the run-to-run noise (medians 0.97 to
     * 1.04 of "off", whose own runs spread 16 to 25%), so the cost that decides is the size: about 6 KB per job and
     * interval (almost all of it the 1856-bin histogram line), measured for a 60 s run with 8 jobs at 2.6 MiB (1 s),
     * 5.2 MiB (500 ms) and 25.8 MiB (100 ms). A suite of such tests would keep (and parse, and chart) ten times the
     * bytes at 100 ms for detail most runs do not need; 1 s still shows a stall of a second. Tests that need finer
     * detail ask for it with {@code @Fio(logInterval)}.
     */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** The fio options that ask for the logs and set their interval, as fio echoes them in its JSON output. */
    private static final List<String> LOG_OPTIONS = List.of("write_iops_log", "log_avg_msec", "log_hist_msec");

    static final String IOPS = "iops";
    static final String BANDWIDTH = "bw";
    static final String HISTOGRAM = "clat_hist";

    private TimelineLogs() {
    }

    /**
     * Rewrites the job file so fio also writes the interval logs under {@code runDirectory/runName}, and deletes
     * the logs an earlier run of the same name left (fio numbers the files per job; a run with fewer jobs would
     * leave stale ones that would be summed in). The options go in a {@code [global]} section of their own in front
     * of the job (fio applies every global section to the jobs that follow it), so a job file that sets them itself
     * still wins, and its timeline is then empty rather than wrong.
     *
     * @return whether the logs are recorded; not when the run directory cannot be named in a job file
     */
    static boolean record(Path jobFile, Path runDirectory, String runName, Duration interval) {
        deleteStale(runDirectory, runName);
        String prefix = runDirectory.toAbsolutePath().normalize().resolve(runName).toString();
        for (String forbidden : List.of(";", "#", "\n", "\r")) {
            if (prefix.contains(forbidden)) {
                LOG.warn("no timeline for {}: fio reads '{}' in a job file as a comment or line end, and the run "
                        + "directory {} contains it; choose a results directory without ';', '#' or line breaks",
                        runName, forbidden.strip().isEmpty() ? "line break" : forbidden, runDirectory);
                return false;
            }
        }
        try {
            String text = Files.readString(jobFile, StandardCharsets.UTF_8);
            Files.writeString(jobFile, withLogOptions(text, prefix, interval), StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the interval logs to the fio job file " + jobFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** The job file text with the log options in a global section after the leading comment lines. */
    static String withLogOptions(String jobFileText, String prefix, Duration interval) {
        return withLogOptions(jobFileText, prefix, interval, false);
    }

    /**
     * The same, with {@code log_unix_epoch=1} when {@code unixStamps}: lines stamped with the wall clock rather
     * than from each job's start, so that the logs of several machines share one time axis ({@link IntervalLogs}).
     */
    static String withLogOptions(String jobFileText, String prefix, Duration interval, boolean unixStamps) {
        long msec = Math.max(1, interval.toMillis());
        List<String> lines = new ArrayList<>(List.of(jobFileText.split("\n", -1)));
        int at = 0;
        while (at < lines.size() && lines.get(at).startsWith(";")) {
            at++;
        }
        List<String> section = List.of(
                "; mayabench: per-interval logs for FioResult.timeline() (IOPS, bandwidth, latency histograms)",
                "[global]",
                "write_iops_log=" + prefix,
                "write_bw_log=" + prefix,
                "write_hist_log=" + prefix,
                "log_avg_msec=" + msec,
                "log_hist_msec=" + msec,
                "");
        if (unixStamps) {
            section = new ArrayList<>(section);
            section.add(section.size() - 1, "log_unix_epoch=1");
        }
        lines.addAll(at, section);
        return String.join("\n", lines);
    }

    /**
     * What fio was asked to log in the run whose JSON output is {@code json}: the interval of its logs, or why there
     * is none. fio echoes the options of the job file in its JSON output, the {@code [global]} sections merged as
     * {@code "global options"} and each job's own as {@code "job options"} (checked with fio 3.33: two global
     * sections show up merged), so the interval is known from the output itself, whatever wrote the job file.
     */
    static Asked asked(Path json) {
        JsonNode root;
        try {
            root = new FioOutputReader(Files.readString(json, StandardCharsets.UTF_8)).tree();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fio's output " + json + ": " + e.getMessage(), e);
        }
        JsonNode global = root.path("global options");
        Set<String> intervals = new TreeSet<>();
        boolean anyLogged = false;
        JsonNode jobs = root.has("client_stats") ? root.path("client_stats") : root.path("jobs");
        for (JsonNode job : jobs) {
            Map<String, String> options = new HashMap<>();
            for (String option : LOG_OPTIONS) {
                JsonNode own = job.path("job options").path(option);
                JsonNode value = own.isMissingNode() ? global.path(option) : own;
                if (!value.isMissingNode()) {
                    options.put(option, value.asText().trim());
                }
            }
            if (!options.containsKey("write_iops_log")) {
                continue;
            }
            anyLogged = true;
            intervals.add(options.getOrDefault("log_avg_msec", "0") + "/" + options.getOrDefault("log_hist_msec", "0"));
        }
        if (!anyLogged) {
            return new Asked(Optional.empty(), "fio was not asked to write interval logs in this run (its output "
                    + "names no write_iops_log): the log interval was off (or the output comes from elsewhere: a baseline, "
                    + "a run before timelines were recorded). Turn it on with @Fio(logInterval = \"1s\") "
                    + "or -Dmayabench.fio.logInterval=1s");
        }
        if (intervals.size() != 1) {
            return new Asked(Optional.empty(), "the jobs of this run logged at different intervals (log_avg_msec/"
                    + "log_hist_msec " + intervals + "), which cannot be summed interval by interval; remove "
                    + "log_avg_msec and log_hist_msec from the job file and set @Fio(logInterval) instead");
        }
        String[] both = intervals.iterator().next().split("/");
        try {
            long avg = Long.parseLong(both[0]);
            long hist = Long.parseLong(both[1]);
            if (avg != hist || avg <= 0) {
                return new Asked(Optional.empty(), "the run's log_avg_msec (" + avg + ") and log_hist_msec (" + hist
                        + ") are not one interval, so IOPS and latency lines cannot be put side by side; remove them "
                        + "from the job file and set @Fio(logInterval) instead");
            }
            return new Asked(Optional.of(Duration.ofMillis(avg)), "");
        } catch (NumberFormatException e) {
            return new Asked(Optional.empty(), "the run's log_avg_msec/log_hist_msec " + intervals + " are not whole "
                    + "milliseconds; remove them from the job file and set @Fio(logInterval) instead");
        }
    }

    /**
     * What a run's output says about its interval logs.
     *
     * @param interval the interval all jobs logged at; empty when there are no usable logs
     * @param whyNot   when {@code interval} is empty, why, and how to get logs next time
     */
    record Asked(Optional<Duration> interval, String whyNot) {
    }

    /** The logs of one kind of a run, in job order. */
    static List<Path> files(Path runDirectory, String runName, String kind) {
        Pattern name = pattern(runName, kind);
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(runDirectory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDirectory,
                f -> name.matcher(f.getFileName().toString()).matches())) {
            files.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list fio's interval logs in " + runDirectory + ": " + e, e);
        }
        found.sort((a, b) -> Long.compare(jobNumber(a, name), jobNumber(b, name)));
        return found;
    }

    private static long jobNumber(Path file, Pattern name) {
        var m = name.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    private static Pattern pattern(String runName, String kind) {
        return Pattern.compile(Pattern.quote(runName + "_" + kind) + "\\.(\\d+)\\.log");
    }

    static void deleteStale(Path runDirectory, String runName) {
        for (String kind : List.of(IOPS, BANDWIDTH, HISTOGRAM)) {
            for (Path stale : files(runDirectory, runName, kind)) {
                try {
                    Files.deleteIfExists(stale);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the interval log " + stale + " an earlier run "
                            + "left (it would be summed into this run's timeline): " + e.getMessage(), e);
                }
            }
        }
    }
}
