package dev.mayabench.fio;

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
import java.util.List;
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

    /** The default interval: one line per second and job; what it costs is not measured yet (issue 16). */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

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
