package dev.mayabench.report;

import dev.mayabench.stage.Durations;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.IoStats;
import dev.mayabench.fio.RepeatStatistics;
import dev.mayabench.fio.JobResult;
import dev.mayabench.provision.WorkloadRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Presents one fio run to people: a summary table (per job and direction: the block size fio actually used,
 * IOPS, bandwidth, mean latency, p50/p90/p99/p99.9) as HTML and CSV, attached to the Allure report with the job file, the raw JSON and
 * fio's log.
 *
 * <pre>{@code
 * FioReport.table(result).toCsv();
 * FioReport.oneLine(result);  // "read bs 4 KiB 12345 IOPS 48.2 MiB/s p99 1.23 ms"
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class FioReport {

    static final double[] PERCENTILES = {50.0, 90.0, 99.0, 99.9};
    static final String[] HEADER = {"job", "direction", "bs", "IOPS", "MiB/s", "mean", "p50", "p90", "p99", "p99.9"};

    private FioReport() {
    }

    /** One row of the summary table. */
    public record Row(String job, String direction, IoStats stats) {

        List<String> cells() {
            List<String> cells = new ArrayList<>();
            cells.add(job);
            cells.add(direction);
            cells.add(blockSize(stats));
            cells.add(String.format(Locale.ROOT, "%.0f", stats.iops()));
            cells.add(String.format(Locale.ROOT, "%.1f", stats.bandwidthKiB() / 1024.0));
            cells.add(latency(stats.meanLatency()));
            for (double p : PERCENTILES) {
                cells.add(percentile(stats, p));
            }
            return cells;
        }
    }

    /** The summary table's rows: each job's directions that did I/O, then the aggregate when there are several jobs. */
    public static List<Row> table(FioResult result) {
        List<Row> rows = new ArrayList<>();
        for (JobResult job : result.jobs()) {
            addDirections(rows, job.name() + job.hostname().map(h -> " @ " + h).orElse(""), job.read(), job.write());
        }
        Map<String, FioResult> pods = result.pods();
        if (pods.size() > 1) {
            pods.forEach((pod, r) -> {
                if (r.jobs().size() > 1) {
                    addDirections(rows, "all jobs @ " + pod, r.read(), r.write());
                }
            });
        }
        if (result.jobs().size() > 1) {
            addDirections(rows, "all jobs", result.read(), result.write());
        }
        return rows;
    }

    private static void addDirections(List<Row> rows, String job, IoStats read, IoStats write) {
        if (read.ioBytes() > 0) {
            rows.add(new Row(job, "read", read));
        }
        if (write.ioBytes() > 0) {
            rows.add(new Row(job, "write", write));
        }
    }

    public static String csv(FioResult result) {
        StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (Row row : table(result)) {
            csv.append(String.join(",", row.cells().stream().map(FioReport::csvCell).toList())).append('\n');
        }
        return csv.toString();
    }

    public static String html(FioResult result) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html><html><head><meta charset="utf-8"><style>
                body{font-family:sans-serif;font-size:14px}table{border-collapse:collapse}
                th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}
                td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}
                </style></head><body>
                """);
        html.append("<p>").append(escape(result.profile().map(p -> "profile " + p).orElse("fio")))
                .append(" &middot; ").append(escape(result.fioVersion())).append(" &middot; CPU ")
                .append(escape(result.cpu().toString())).append(" (percent of one CPU, all jobs)")
                .append(escape(result.cpuIdleness().map(i -> String.format(Locale.ROOT, " · CPUs %.1f%% idle", i))
                        .orElse(""))).append("</p><table><tr>");
        for (String h : HEADER) {
            html.append("<th>").append(escape(h)).append("</th>");
        }
        html.append("</tr>");
        for (Row row : table(result)) {
            html.append("<tr>");
            row.cells().forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</table></body></html>\n").toString();
    }

    /** A compact summary for the console, e.g. {@code read bs 4 KiB 12345 IOPS 48.2 MiB/s p99 1.230 ms}. */
    public static String oneLine(FioResult result) {
        List<String> parts = new ArrayList<>();
        for (String direction : List.of("read", "write")) {
            IoStats stats = direction.equals("read") ? result.read() : result.write();
            if (stats.ioBytes() > 0) {
                parts.add(String.format(Locale.ROOT, "%s bs %s %.0f IOPS %.1f MiB/s p99 %s", direction,
                        blockSize(stats), stats.iops(),
                        stats.bandwidthKiB() / 1024.0, percentile(stats, 99.0)));
            }
        }
        if (!parts.isEmpty() && result.cpu().total() > 0) {
            parts.add(String.format(Locale.ROOT, "cpu usr %.1f%% sys %.1f%%", result.cpu().user(),
                    result.cpu().system()));
        }
        result.cpuIdleness().ifPresent(idle -> parts.add(String.format(Locale.ROOT, "cpu idle %.1f%%", idle)));
        return parts.isEmpty() ? "no I/O" : String.join(", ", parts);
    }

    /** Attaches the job file, fio's raw JSON, its log and the summary table to the current Allure step. */
    public static void attach(WorkloadRun run, FioResult result) {
        AllureReporter.attach("fio job file", "text/plain", "fio", read(run.jobFile()));
        AllureReporter.attachText("summary", "text/html", "html", html(result));
        AllureReporter.attachText("summary (CSV)", "text/csv", "csv", csv(result));
        SteadyStateReport.attach(result); // nothing unless a job asked for steady state
        for (int i = 0; i < run.outputs().size(); i++) {
            String suffix = run.outputs().size() == 1 ? ""
                    : " " + (run.sources().isEmpty() ? Integer.toString(i + 1) : run.sources().get(i));
            AllureReporter.attach("fio output (json+)" + suffix, "application/json", "json",
                    read(run.outputs().get(i)));
        }
        for (int i = 0; i < run.logs().size(); i++) {
            byte[] log = read(run.logs().get(i));
            if (log.length > 0) {
                AllureReporter.attach("fio log" + (run.logs().size() == 1 ? ""
                                : " " + (run.sources().size() == run.logs().size() ? run.sources().get(i)
                                : Integer.toString(i + 1))), "text/plain",
                        "log", log);
            }
        }
    }

    /** For repeated runs: one table of every run's figures, marking the run handed to the test. */
    public static void attachRepeats(List<FioResult> runs, FioResult chosen, RepeatStatistics spread) {
        StringBuilder csv = new StringBuilder("run,chosen,read IOPS,write IOPS,read p99,write p99,saved at\n");
        for (int i = 0; i < runs.size(); i++) {
            FioResult r = runs.get(i);
            boolean median = chosen.savedAt().equals(r.savedAt());
            csv.append(i + 1).append(',').append(median ? "median" : "").append(',')
                    .append(String.format(Locale.ROOT, "%.0f,%.0f,", r.read().iops(), r.write().iops()))
                    .append(csvCell(percentile(r.read(), 99.0))).append(',')
                    .append(csvCell(percentile(r.write(), 99.0))).append(',')
                    .append(csvCell(r.savedAt().map(Path::toString).orElse(""))).append('\n');
        }
        AllureReporter.attachText("repeated runs", "text/csv", "csv", csv.toString());
        StringBuilder spreadCsv = new StringBuilder("figure,mean,min,max,coefficient of variation %\n");
        spread.figures().forEach(f -> spreadCsv.append(String.format(Locale.ROOT, "%s,%.1f,%.1f,%.1f,%.1f%n",
                f.figure(), f.mean(), f.min(), f.max(), f.cv() * 100)));
        AllureReporter.attachText("spread of repeated runs", "text/csv", "csv", spreadCsv.toString());
    }

    /**
     * The block size fio actually used ({@link IoStats#blockSize()}, from its {@code io_bytes} and
     * {@code total_ios}) for a table cell: {@code 4 KiB}, {@code 4000 B}, or {@code ~6 KiB} for a mean of mixed
     * sizes; {@code n/a} without I/O.
     */
    public static String blockSize(IoStats stats) {
        if (stats.blockSize().isEmpty()) {
            return "n/a";
        }
        long bytes = stats.blockSize().getAsLong();
        // a fixed block size divides the bytes moved exactly; a mean of mixed sizes hardly ever does
        boolean exact = stats.ioBytes() % bytes == 0;
        String prefix = exact ? "" : "~";
        if (bytes >= 1 << 20 && (!exact || bytes % (1 << 20) == 0)) {
            return prefix + String.format(Locale.ROOT, exact ? "%.0f MiB" : "%.1f MiB", bytes / 1048576.0);
        }
        if (bytes >= 1024 && (!exact || bytes % 1024 == 0)) {
            return prefix + String.format(Locale.ROOT, exact ? "%.0f KiB" : "%.1f KiB", bytes / 1024.0);
        }
        return prefix + bytes + " B";
    }

    /** A latency percentile for a table cell, or {@code n/a} (with no I/O, or without fio's figure). */
    public static String percentile(IoStats stats, double p) {
        if (stats.ioBytes() <= 0) {
            return "n/a";
        }
        try {
            return latency(stats.latencyPercentile(p));
        } catch (RuntimeException notAvailable) {
            return "n/a";
        }
    }

    /** Latency in the unit that keeps 3 significant digits readable: µs below 1 ms, else ms. */
    public static String latency(Duration d) {
        return Durations.latency(d);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " for the report: " + e.getMessage(), e);
        }
    }

    private static String csvCell(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
