package dev.mayabench.junit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.fio.CpuUsage;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioOutputException;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.Guardrails;
import dev.mayabench.fio.IoStats;
import dev.mayabench.fio.JobResult;
import dev.mayabench.fio.LatencySearch;
import dev.mayabench.fio.SweepPoint;
import dev.mayabench.internal.log.MayabenchLog;
import dev.mayabench.report.SteadyStateReport;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The figures of every fio test of a run in forms CI systems read without parsing fio: JUnit report entries on
 * the test ({@code mayabench.read.iops}, {@code mayabench.read.lat_p99_us}, ...), and one row per test, job and
 * direction appended to {@code summary.jsonl} and {@code summary.csv} under the results root
 * ({@code target/mayabench/results/}) as soon as the test's fio run ends, and again with its outcome when the
 * test has ended. A {@code @FioSweep} test does the same per point ({@link #recordPoint}): its rows carry the point
 * ({@code iodepth=16}), its report entries are {@code mayabench.sweep.<point>.read.iops} and so on, and every point's
 * rows get the sweep test's outcome.
 *
 * <p>Choices, and why:
 * <ul>
 *   <li>One file for the whole suite, appended under an OS file lock ({@link FileChannel#lock()}, an
 *       {@code fcntl} lock on Linux), so Surefire's forks (several JVMs) write into the same file without
 *       interleaving; inside one JVM a monitor serializes writers first, because a JVM may not hold two locks on
 *       one file ({@link java.nio.channels.OverlappingFileLockException}). One file per JVM merged at the end
 *       would need a last JVM that knows it is last, which forks do not.</li>
 *   <li>Each measurement is written twice, append-only: when its test's fio run ends, with the verdict
 *       {@value #PENDING}, and when the test has ended, with its outcome as JUnit sees it ({@value #PASSED},
 *       {@value #FAILED}, {@value #ABORTED}; from {@link org.junit.jupiter.api.extension.TestWatcher}, called after
 *       the body, the thresholds and {@code @AfterEach}). Writing once at the end would lose the figures of a
 *       test killed after fio (a hanging body, a CI timeout); rewriting the pending row in place would make the
 *       file's lines change under readers and other forks, and a kill during the rewrite could break rows that
 *       were whole. So readers drop the {@value #PENDING} rows; what is left has one row per {@code run_id},
 *       {@code test}, {@code point}, {@code job}, {@code clone} and {@code direction} (a job name repeats with
 *       {@code numjobs}, the clone number tells its entries apart). Pending rows of a {@code run_id} and
 *       {@code test} that has no other rows are the figures of a test that never ended.</li>
 *   <li>Every write is forced to disk under the lock, so a run killed halfway leaves every earlier row; if a
 *       kill cut a row short, the next writer starts on a fresh line, so only that one line is broken.</li>
 *   <li>Re-runs append: every row carries the run id (one per {@code mvn verify}, the same in all its forks:
 *       {@link RunId}) and the time it was written, so a dashboard groups or filters by them;
 *       {@code mvn clean} removes the files with the rest of {@code target/}.</li>
 * </ul>
 *
 * <pre>{@code
 * // nothing to call; after mvn verify:
 * // target/mayabench/results/summary.csv
 * // run_id,timestamp,test,job,direction,iops,bw_mib_s,lat_mean_us,lat_p50_us,lat_p99_us,lat_p99_9_us,...,
 * //   point,clone,pod,latency_depth,latency_settled
 * }</pre>
 */
final class SuiteSummary {

    static final String JSON_LINES = "summary.jsonl";
    static final String CSV = "summary.csv";
    static final String ENTRY_PREFIX = "mayabench.";
    /** The verdict of the rows written when fio ends, before the test body has run. */
    static final String PENDING = "pending";
    static final String PASSED = "passed";
    static final String FAILED = "failed";
    static final String ABORTED = "aborted";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SuiteSummary.class);

    /** One per {@code mvn} run, shared by its forks ({@link RunId}), e.g. {@code 20261203T141500Z-4242}. */
    static final String RUN_ID = RunId.current();

    private static final Object IN_THIS_JVM = new Object();
    /** Rows this JVM wrote, per summary directory, for the line printed when the run ends. */
    private static final Map<Path, Integer> WRITTEN = new LinkedHashMap<>();
    private static final ObjectWriter JSON = new ObjectMapper().writer();
    private static final CsvMapper CSV_MAPPER = new CsvMapper();
    private static final CsvSchema CSV_SCHEMA = CSV_MAPPER.schemaFor(Row.class).withoutHeader();

    private SuiteSummary() {
    }

    /**
     * One line of the summary. Latencies in microseconds (completion-latency percentiles as fio reports them,
     * mean of total latency); empty (JSON null) when fio gave no such figure. CPU is the job's (or, for an
     * aggregate row, the jobs' summed) user and system time in percent of one CPU, the same on the read and the
     * write row of a job, since fio measures CPU per job.
     *
     * <p>The last five columns came later and stand last, so a reader that takes columns by position still finds the
     * earlier ones where they were: {@code point} names a sweep's point ({@code iodepth=16}; empty outside a sweep);
     * {@code clone} tells apart the entries fio reports under one job name ({@code numjobs} without
     * {@code group_reporting}: one entry per clone), 1 to N in the order of fio's JSON, empty on an aggregate row;
     * {@code pod} is the pod the row's jobs ran in (also written in {@code job}, after {@code @}); empty for a local
     * run and for the aggregate of all pods; {@code latency_depth} and {@code latency_settled} are what fio's
     * latency-target search found for the row's job ({@link LatencySearch}), empty without a target.
     */
    @JsonPropertyOrder({"run_id", "timestamp", "test", "job", "direction", "iops", "bw_mib_s", "lat_mean_us",
            "lat_p50_us", "lat_p99_us", "lat_p99_9_us", "cpu_usr_pct", "cpu_sys_pct", "guardrails",
            "thresholds_passed", "thresholds_failed", "verdict", "provider", "cluster", "fio_version", "host",
            "point", "clone", "pod", "latency_depth", "latency_settled"})
    record Row(@JsonProperty("run_id") String runId,
               @JsonProperty("timestamp") String timestamp,
               @JsonProperty("test") String test,
               @JsonProperty("job") String job,
               @JsonProperty("direction") String direction,
               @JsonProperty("iops") double iops,
               @JsonProperty("bw_mib_s") double bandwidthMiBs,
               @JsonProperty("lat_mean_us") Double meanLatencyUs,
               @JsonProperty("lat_p50_us") Double p50LatencyUs,
               @JsonProperty("lat_p99_us") Double p99LatencyUs,
               @JsonProperty("lat_p99_9_us") Double p999LatencyUs,
               @JsonProperty("cpu_usr_pct") double cpuUserPercent,
               @JsonProperty("cpu_sys_pct") double cpuSystemPercent,
               @JsonProperty("guardrails") String guardrails,
               @JsonProperty("thresholds_passed") int thresholdsPassed,
               @JsonProperty("thresholds_failed") int thresholdsFailed,
               @JsonProperty("verdict") String verdict,
               @JsonProperty("provider") String provider,
               @JsonProperty("cluster") String cluster,
               @JsonProperty("fio_version") String fioVersion,
               @JsonProperty("host") String host,
               @JsonProperty("point") String point,
               @JsonProperty("clone") Integer cloneNumber,
               @JsonProperty("pod") String pod,
               @JsonProperty("latency_depth") Integer latencyDepth,
               @JsonProperty("latency_settled") Boolean latencySettled) {

        /** The same figures with the test's outcome, written at {@code timestamp}. */
        Row concluded(String outcome, String timestamp) {
            return new Row(runId, timestamp, test, job, direction, iops, bandwidthMiBs, meanLatencyUs,
                    p50LatencyUs, p99LatencyUs, p999LatencyUs, cpuUserPercent, cpuSystemPercent, guardrails,
                    thresholdsPassed, thresholdsFailed, outcome, provider, cluster, fioVersion, host, point,
                    cloneNumber, pod, latencyDepth, latencySettled);
        }
    }

    /** The column names of {@code summary.csv}, in order (also the keys of each JSON line). */
    static List<String> columns() {
        List<String> names = new ArrayList<>();
        CSV_SCHEMA.forEach(column -> names.add(column.getName()));
        return names;
    }

    /**
     * Publishes the test's report entries and appends its rows to the suite's summary files with the verdict
     * {@value #PENDING}, as soon as its fio run ends; {@link #conclude} appends them again with JUnit's outcome
     * when the test has ended.
     */
    static void record(ExtensionContext context, ClusterSpec spec, FioResult result, RunVerdict verdict) {
        Map<String, String> entries = reportEntries(result);
        if (!entries.isEmpty()) {
            context.publishReportEntry(entries);
        }
        // one entry per job that asked for steady state: mayabench.steadyState.<job>
        Map<String, String> steadyState = SteadyStateReport.reportEntries(result);
        if (!steadyState.isEmpty()) {
            context.publishReportEntry(steadyState);
        }
        List<Row> rows = rows(testId(context), result, verdict, spec.provider(), spec.name(),
                Instant.now());
        // kept in the parent's store: JUnit closes the test's own store before it calls the TestWatcher
        // (TestWatcher's Javadoc, junit-jupiter-api 5.13)
        parentStore(context).put(context.getUniqueId(), new Pending(rows));
        write(context, rows);
    }

    /**
     * Appends the rows {@link #record} wrote for this test again, now with the test's outcome as JUnit sees it
     * ({@value #PASSED}, {@value #FAILED}, {@value #ABORTED}): the body's own assertions, the thresholds and
     * strict guardrails (thrown after the body), {@code @AfterEach} methods. Nothing for a test without a fio run.
     */
    static void conclude(ExtensionContext context, String outcome) {
        Pending pending = parentStore(context).remove(context.getUniqueId(), Pending.class);
        if (pending == null) {
            return;
        }
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        write(context, pending.rows().stream().map(r -> r.concluded(outcome, now)).toList());
    }

    /**
     * One measured point of a {@code @FioSweep}: publishes its report entries, {@code mayabench.sweep.<point>.}
     * followed by the names a plain test's entries have after {@code mayabench.} (e.g.
     * {@code mayabench.sweep.iodepth=16.read.iops}), and with a latency target
     * {@code mayabench.sweep.<point>.latency_depth.<job>} and {@code .latency_settled.<job>}; and appends the
     * point's rows with the verdict {@value #PENDING}, its name in the {@code point} column. {@link #conclude}
     * writes all points' rows again with the sweep test's outcome.
     *
     * @param point the point's name ({@link SweepRun#pointName}): no spaces, so a CI reader splits a key with
     *              {@code ^mayabench\.sweep\.(.+)\.(read|write|cpu)\.([a-z0-9_]+)$}
     */
    static void recordPoint(ExtensionContext context, ClusterSpec spec, FioJob job, SweepPoint measured,
                            String point) {
        String prefix = ENTRY_PREFIX + "sweep." + point + ".";
        Map<String, String> entries = new LinkedHashMap<>();
        reportEntries(measured.result()).forEach((key, value) -> entries.put(prefix + key.substring(
                ENTRY_PREFIX.length()), value));
        List<LatencySearch> searches = measured.latencySearches();
        List<String> keys = searchKeys(searches);
        for (int i = 0; i < searches.size(); i++) {
            // the job as the steady-state entries name it: [n] only where several clones share the name
            String key = keys.get(i);
            String label = key.substring(0, key.lastIndexOf('#'));
            boolean several = keys.contains(label + "#2");
            String name = several ? label + "[" + key.substring(key.lastIndexOf('#') + 1) + "]" : label;
            entries.put(prefix + "latency_depth." + name, Integer.toString(searches.get(i).depth()));
            entries.put(prefix + "latency_settled." + name, Boolean.toString(searches.get(i).settled()));
        }
        if (!entries.isEmpty()) {
            context.publishReportEntry(entries);
        }
        // no thresholds with a sweep (SweepRun.plan refuses them); the guardrails are judged per point
        RunVerdict verdict = RunVerdict.of(List.of(), job, measured.result());
        List<Row> rows = rows(testId(context), measured.result(), verdict, spec.provider(), spec.name(),
                Instant.now(), point, measured.latencySearches());
        Pending before = parentStore(context).get(context.getUniqueId(), Pending.class);
        List<Row> all = new ArrayList<>(before == null ? List.of() : before.rows());
        all.addAll(rows);
        parentStore(context).put(context.getUniqueId(), new Pending(all));
        write(context, rows);
    }

    /** The rows of a test whose fio run ended and whose outcome is not known yet. */
    private record Pending(List<Row> rows) {
    }

    private static ExtensionContext.Store parentStore(ExtensionContext context) {
        return context.getParent().orElse(context).getStore(NAMESPACE);
    }

    private static void write(ExtensionContext context, List<Row> rows) {
        try {
            append(Locations.resultsRoot(), rows);
        } catch (IOException e) {
            // the figures are still in the test's own JSON and report; a summary problem must not fail the test
            MayabenchLog.of(SuiteSummary.class).warn("could not add {} to the suite summary in {}: {}",
                    testId(context), Locations.resultsRoot(), e.toString());
        }
    }

    /** {@code com.example.MyBenchmark#randomRead}, with {@code [2]} for the second invocation of a template. */
    static String testId(ExtensionContext context) {
        String id = context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName();
        String uniqueId = context.getUniqueId();
        int invocation = uniqueId.lastIndexOf("-invocation:#");
        if (invocation >= 0) {
            id += "[" + uniqueId.substring(invocation + "-invocation:#".length()).replace("]", "") + "]";
        }
        return id;
    }

    /**
     * The test's key figures as report entries, one entry of several pairs: per direction that did I/O,
     * {@code mayabench.<direction>.<column>} for iops, bw_mib_s and the latency columns (µs), and the CPU. JUnit
     * refuses blank values, so a figure fio did not give is left out rather than published empty.
     */
    static Map<String, String> reportEntries(FioResult result) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (IoStats stats : List.of(result.read(), result.write())) {
            if (stats.ioBytes() == 0) {
                continue;
            }
            String prefix = ENTRY_PREFIX + stats.direction() + ".";
            entries.put(prefix + "iops", number(stats.iops()));
            entries.put(prefix + "bw_mib_s", number(stats.bandwidthKiB() / 1024.0));
            putIfKnown(entries, prefix + "lat_mean_us", meanMicros(stats));
            putIfKnown(entries, prefix + "lat_p50_us", percentileMicros(stats, 50.0));
            putIfKnown(entries, prefix + "lat_p99_us", percentileMicros(stats, 99.0));
            putIfKnown(entries, prefix + "lat_p99_9_us", percentileMicros(stats, 99.9));
        }
        if (!entries.isEmpty()) {
            entries.put(ENTRY_PREFIX + "cpu.usr_pct", number(result.cpu().user()));
            entries.put(ENTRY_PREFIX + "cpu.sys_pct", number(result.cpu().system()));
        }
        return entries;
    }

    /**
     * The rows of one test: each job's directions that did I/O, then per pod the pod's jobs together (several
     * pods, several jobs on it), then all jobs together (several jobs), the same rows as the report's table.
     */
    static List<Row> rows(String test, FioResult result, RunVerdict verdict, String provider,
                          String cluster, Instant at) {
        return rows(test, result, verdict, provider, cluster, at, null, List.of());
    }

    /**
     * The rows of one test or sweep point ({@code point}, null outside a sweep), each job's row with its clone
     * number and, where fio searched, the depth it found for that job.
     */
    static List<Row> rows(String test, FioResult result, RunVerdict verdict, String provider,
                          String cluster, Instant at, String point, List<LatencySearch> searches) {
        Common common = new Common(test, verdict, provider, cluster, result.fioVersion(),
                at.truncatedTo(ChronoUnit.MILLIS).toString(), point);
        Map<String, LatencySearch> searchOf = new LinkedHashMap<>();
        List<String> keys = searchKeys(searches);
        for (int i = 0; i < searches.size(); i++) {
            searchOf.put(keys.get(i), searches.get(i));
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> clones = new LinkedHashMap<>();
        for (JobResult job : result.jobs()) {
            String label = job.name() + job.hostname().map(h -> " @ " + h).orElse("");
            // fio's JSON has no clone number (stat.c show_thread_status_json writes jobname and groupid; init.c
            // add_job numbers clones' subjob_number downwards and keeps it out of the output), but it lists a job's
            // clones one after another in the order fio made them: the n-th entry of a name is its n-th clone
            int clone = clones.merge(label, 1, Integer::sum);
            LatencySearch search = searchOf.get(label + "#" + clone);
            addDirections(rows, common, new Who(label, clone, job.hostname().orElse(null), search), job.read(),
                    job.write(), job.cpu());
        }
        Map<String, FioResult> pods = result.pods();
        if (pods.size() > 1) {
            pods.forEach((pod, r) -> {
                if (r.jobs().size() > 1) {
                    addDirections(rows, common, new Who("all jobs @ " + pod, null, pod, null), r.read(), r.write(),
                            r.cpu());
                }
            });
        }
        if (result.jobs().size() > 1) {
            addDirections(rows, common, new Who("all jobs", null, null, null), result.read(), result.write(),
                    result.cpu());
        }
        return rows;
    }

    /**
     * Each search's key in {@link #rows}, {@code <job> @ <pod>#<n>} for the n-th search of that job in that pod
     * (its n-th clone, in fio's order, as the jobs are counted), in the order of the searches.
     */
    private static List<String> searchKeys(List<LatencySearch> searches) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        return searches.stream().map(search -> {
            String label = search.job() + search.pod().map(p -> " @ " + p).orElse("");
            return label + "#" + seen.merge(label, 1, Integer::sum);
        }).toList();
    }

    /** What every row of one test shares. */
    private record Common(String test, RunVerdict verdict, String provider, String cluster,
                          String fioVersion, String timestamp, String point) {
    }

    /** Whose figures a row holds: a job (its clone, its pod, its latency search) or an aggregate. */
    private record Who(String job, Integer cloneNumber, String pod, LatencySearch search) {
    }

    private static void addDirections(List<Row> rows, Common common, Who who, IoStats read, IoStats write,
                                      CpuUsage cpu) {
        for (IoStats stats : List.of(read, write)) {
            if (stats.ioBytes() > 0) {
                rows.add(row(common, who, stats, cpu));
            }
        }
    }

    private static Row row(Common common, Who who, IoStats stats, CpuUsage cpu) {
        RunVerdict verdict = common.verdict();
        int failed = (int) verdict.outcomes().stream().filter(o -> !o.passed()).count();
        int passed = verdict.outcomes().size() - failed;
        String guardrails = verdict.findings().stream().map(Guardrails.Finding::id).distinct()
                .collect(Collectors.joining(" "));
        // the outcome is not known until the body, the thresholds (judged after it) and @AfterEach have run
        LatencySearch search = who.search();
        return new Row(RUN_ID, common.timestamp(), common.test(), who.job(), stats.direction(), stats.iops(),
                stats.bandwidthKiB() / 1024.0, meanMicros(stats), percentileMicros(stats, 50.0),
                percentileMicros(stats, 99.0), percentileMicros(stats, 99.9), cpu.user(), cpu.system(), guardrails,
                passed, failed, PENDING, common.provider(), common.cluster(), common.fioVersion(), HOST,
                common.point(), who.cloneNumber(), who.pod(), search == null ? null : search.depth(),
                search == null ? null : search.settled());
    }

    /**
     * Appends rows to {@code summary.jsonl} and {@code summary.csv} in {@code directory}, each file under its
     * OS lock, the CSV header first when the file is new.
     */
    static void append(Path directory, List<Row> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder jsonLines = new StringBuilder();
        for (Row row : rows) {
            jsonLines.append(JSON.writeValueAsString(row)).append('\n');
        }
        StringWriter csv = new StringWriter();
        CSV_MAPPER.writer(CSV_SCHEMA).writeValues(csv).writeAll(rows).close();
        synchronized (IN_THIS_JVM) {
            Files.createDirectories(directory);
            appendLocked(directory.resolve(JSON_LINES), "", jsonLines.toString());
            appendLocked(directory.resolve(CSV), String.join(",", columns()) + "\n", csv.toString());
            // each measurement counted once: its concluded rows, not the pending ones written before them
            WRITTEN.merge(directory, (int) rows.stream().filter(r -> !PENDING.equals(r.verdict())).count(),
                    Integer::sum);
        }
    }

    /**
     * Where this JVM's rows went, one line per summary directory, e.g. {@code mayabench: 12 row(s) of run
     * 20261203T141500Z-4242 in target/mayabench/results/summary.csv and summary.jsonl}; empty when no fio test
     * ran. Forgets them, so a second test plan in the same JVM reports only its own.
     */
    static String whereWritten() {
        synchronized (IN_THIS_JVM) {
            StringBuilder out = new StringBuilder();
            WRITTEN.forEach((directory, rows) -> out.append(String.format(Locale.ROOT,
                    "mayabench: %d row(s) of run %s in %s and %s%n", rows, RUN_ID, directory.resolve(CSV),
                    JSON_LINES)));
            WRITTEN.clear();
            return out.toString();
        }
    }

    private static void appendLocked(Path file, String header, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            long size = channel.size();
            StringBuilder out = new StringBuilder();
            if (size == 0) {
                out.append(header);
            } else if (!header.isEmpty() && !header.equals(firstLine(channel, header.length()))) {
                // rows under another version's columns would be misread by every CSV reader; the JSON lines,
                // written first, name their keys and still get the rows
                throw new IOException(file + " has other columns than this mayabench writes (" + header.strip()
                        + "); its rows are kept and this test's rows went only to " + JSON_LINES + "; delete it, "
                        + "or run mvn clean, to start a new one");
            } else if (lastByte(channel, size) != '\n') {
                out.append('\n'); // a row cut short by a killed writer stays alone on its line
            }
            out.append(text);
            ByteBuffer bytes = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
            long position = size;
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            channel.force(false);
        }
    }

    private static String firstLine(FileChannel channel, int headerLength) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(headerLength);
        while (start.hasRemaining() && channel.read(start, start.position()) > 0) {
            // read until the header's length or the end of the file
        }
        return new String(start.array(), 0, start.position(), StandardCharsets.UTF_8);
    }

    private static byte lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0);
    }

    private static Double meanMicros(IoStats stats) {
        return stats.totalIos() == 0 ? null : stats.meanLatency().toNanos() / 1000.0;
    }

    private static Double percentileMicros(IoStats stats, double p) {
        try {
            return stats.latencyPercentile(p).toNanos() / 1000.0;
        } catch (FioOutputException e) {
            return null; // no I/O in this direction, or fio gave neither this percentile nor a histogram
        }
    }

    private static void putIfKnown(Map<String, String> entries, String key, Double value) {
        if (value != null) {
            entries.put(key, number(value));
        }
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** The machine this JVM runs on (fio runs here on the local provider; the pods are named in {@code job}). */
    private static final String HOST = hostName();

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown-host" : fromEnvironment;
        }
    }
}
